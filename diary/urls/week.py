from django.urls import path

from diary.views import week as views_week

urlpatterns = [
    path("<int:student_id>/week/", views_week.week, name="week"),
    path("<int:student_id>/subjects/", views_week.subjects, name="subjects"),
    path("<int:student_id>/class/", views_week.class_info, name="class-info"),
    path(
        "<int:student_id>/homework/<int:homework_id>/file/",
        views_week.homework_file,
        name="homework-file",
    ),
    path("looked/", views_week.looked, name="looked"),
    path("looked/<int:class_id>/", views_week.looked_class, name="looked-class"),
]
