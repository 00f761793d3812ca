from django.urls import path

from ..views import home, school_pages

urlpatterns = [
    path("office/", home.office_home, name="office-home"),
    path("sysadmin/", home.sysadmin_home, name="sysadmin-home"),
    path("hr/", home.hr_home, name="hr-home"),
    path(
        "schools/<int:school_id>/settings/",
        school_pages.school_settings,
        name="settings",
    ),
    path("schools/<int:school_id>/events/", school_pages.event_list, name="event-list"),
]
