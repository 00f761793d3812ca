"""URLs of the lesson, corrections and period-marks pages."""

from django.urls import path

from . import views_final_corrections, views_finals
from . import views_pages as views

LESSON = "lessons/<int:group_id>/<int:subject_id>/<str:day>/<int:number>/"

urlpatterns: list = [
    path(LESSON, views.lesson_page, name="lesson"),
    path(f"{LESSON}correction/", views.correction_create, name="correction-create"),
    path("corrections/", views.correction_list, name="correction-list"),
    path("corrections/queue/", views.correction_queue, name="correction-queue"),
    path(
        "corrections/<int:request_id>/decide/",
        views.correction_decide,
        name="correction-decide",
    ),
    path(
        "groups/<int:group_id>/subjects/<int:subject_id>/period-marks/",
        views.period_marks,
        name="period-marks",
    ),
    path(
        "groups/<int:group_id>/subjects/<int:subject_id>/final-correction/",
        views_final_corrections.final_correction_create,
        name="final-correction-create",
    ),
    path(
        "groups/<int:group_id>/subjects/<int:subject_id>/final-marks/",
        views_finals.final_marks,
        name="final-marks",
    ),
    path("periods/<int:period_id>/close/", views.period_close, name="period-close"),
    path("classes/<int:class_id>/", views.class_summary, name="class-summary"),
    path(
        "homework/<int:homework_id>/file/",
        views.homework_file,
        name="homework-file",
    ),
]
