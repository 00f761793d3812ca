"""URLs of the timetable pages."""

from django.urls import path

from ..views import timetable

urlpatterns: list = [
    path("timetable/", timetable.timetable_home, name="timetable-home"),
    path(
        "timetable/classes/<int:class_id>/",
        timetable.timetable_class,
        name="timetable-class",
    ),
    path(
        "timetable/teachers/<int:user_id>/",
        timetable.timetable_teacher,
        name="timetable-teacher",
    ),
    path(
        "timetable/entries/new/",
        timetable.timetable_entry_create,
        name="timetable-entry-create",
    ),
    path(
        "timetable/entries/<int:entry_id>/end/",
        timetable.timetable_entry_end,
        name="timetable-entry-end",
    ),
    path(
        "timetable/changes/new/",
        timetable.timetable_change_create,
        name="timetable-change-create",
    ),
    path(
        "timetable/changes/",
        timetable.timetable_change_list,
        name="timetable-change-list",
    ),
    path("timetable/bells/", timetable.bell_schedule_list, name="bell-schedule-list"),
    path(
        "timetable/bells/new/",
        timetable.bell_schedule_edit,
        name="bell-schedule-create",
    ),
    path(
        "timetable/bells/<int:schedule_id>/",
        timetable.bell_schedule_edit,
        name="bell-schedule-edit",
    ),
]
