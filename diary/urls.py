from django.urls import path

from . import views
from .urls_parts import consent, messaging, week

app_name = "diary"

urlpatterns = [
    path("", views.parent_home, name="parent-home"),
    path("me/", views.student_home, name="student-home"),
    *week.urlpatterns,
    *consent.urlpatterns,
    *messaging.urlpatterns,
]
