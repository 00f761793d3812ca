from django.urls import path

from . import urls_grid, urls_pages, views

app_name = "journal"

urlpatterns = [
    path("", views.teacher_home, name="teacher-home"),
    path("my-class/", views.class_teacher_home, name="class-teacher-home"),
    *urls_grid.urlpatterns,
    *urls_pages.urlpatterns,
]
