"""URLs of the school-structure pages (B1–B4, B7–B9)."""

from django.urls import path

from ..views import (
    structure_calendar,
    structure_classes,
    structure_groups,
    structure_pupils,
    structure_staff,
)

cal, cls, grp, pup, stf = (
    structure_calendar,
    structure_classes,
    structure_groups,
    structure_pupils,
    structure_staff,
)

urlpatterns: list = [
    path("calendar/", cal.calendar, name="calendar"),
    path(
        "calendar/schemes/new/", cal.period_scheme_create, name="period-scheme-create"
    ),
    path("calendar/holidays/new/", cal.holiday_create, name="holiday-create"),
    path("reference/", cal.reference, name="reference"),
    path("reference/subjects/new/", cal.subject_create, name="subject-create"),
    path(
        "reference/subjects/<int:subject_id>/edit/",
        cal.subject_update,
        name="subject-update",
    ),
    path("reference/rooms/new/", cal.room_create, name="room-create"),
    path("reference/rooms/<int:room_id>/edit/", cal.room_update, name="room-update"),
    path(
        "reference/scales/new/", cal.grading_scale_create, name="grading-scale-create"
    ),
    path("reference/work-kinds/new/", cal.work_kind_create, name="work-kind-create"),
    path("staff/", stf.staff_list, name="staff-list"),
    path("staff/hire/", stf.staff_hire, name="staff-hire"),
    path("staff/<int:staff_id>/dismiss/", stf.staff_dismiss, name="staff-dismiss"),
    path("classes/", cls.class_list, name="class-list"),
    path("classes/new/", cls.class_create, name="class-create"),
    path("classes/<int:class_id>/", cls.class_detail, name="class-detail"),
    path("classes/<int:class_id>/admit/", cls.student_admit, name="student-admit"),
    path(
        "classes/<int:class_id>/teacher/",
        cls.class_teacher_assign,
        name="class-teacher-assign",
    ),
    path("pupils/<int:student_id>/", pup.pupil_detail, name="pupil-detail"),
    path("pupils/<int:student_id>/edit/", pup.pupil_edit, name="pupil-edit"),
    path(
        "pupils/<int:student_id>/transfer/",
        cls.student_transfer,
        name="student-transfer",
    ),
    path("pupils/<int:student_id>/leave/", cls.student_leave, name="student-leave"),
    path(
        "pupils/<int:student_id>/individual-plan/",
        pup.individual_plan_create,
        name="individual-plan-create",
    ),
    path(
        "pupils/<int:student_id>/parents/new/",
        cls.guardian_link,
        name="guardian-link",
    ),
    path(
        "pupils/<int:student_id>/parents/<int:link_id>/edit/",
        pup.guardian_edit,
        name="guardian-edit",
    ),
    path(
        "pupils/<int:student_id>/parents/<int:link_id>/remove/",
        pup.guardian_unlink,
        name="guardian-unlink",
    ),
    path("groups/", grp.group_list, name="group-list"),
    path("groups/new/", grp.group_create, name="group-create"),
    path("groups/<int:group_id>/", grp.group_detail, name="group-detail"),
    path(
        "groups/<int:group_id>/members/new/",
        grp.group_member_add,
        name="group-member-add",
    ),
    path(
        "groups/<int:group_id>/members/<int:membership_id>/end/",
        grp.group_member_end,
        name="group-member-end",
    ),
    path("curriculum/", stf.curriculum, name="curriculum"),
    path("curriculum/set/", stf.curriculum_set, name="curriculum-set"),
    path("load/", stf.load, name="load"),
    path("load/new/", stf.load_create, name="load-create"),
    path("load/<int:assignment_id>/end/", stf.load_end, name="load-end"),
]
