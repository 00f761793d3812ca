from django.urls import path

from . import views

app_name = "diary"

urlpatterns = [
    path("", views.parent_home, name="parent-home"),
    path("me/", views.student_home, name="student-home"),
]
