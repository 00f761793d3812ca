from django.urls import path

from diary.urls import consent, messaging, week
from diary.views import home as views

app_name = "diary"

urlpatterns = [
    path("", views.parent_home, name="parent-home"),
    path("me/", views.student_home, name="student-home"),
    *week.urlpatterns,
    *consent.urlpatterns,
    *messaging.urlpatterns,
]
