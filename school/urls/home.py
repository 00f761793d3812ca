from django.urls import path

from ..views import home, school

urlpatterns = [
    path("office/", home.office_home, name="office-home"),
    path("sysadmin/", home.sysadmin_home, name="sysadmin-home"),
    path("hr/", home.hr_home, name="hr-home"),
    path(
        "schools/<int:school_id>/settings/",
        school.school_settings,
        name="settings",
    ),
    path("schools/<int:school_id>/events/", school.event_list, name="event-list"),
]
