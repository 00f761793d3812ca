"""The journal's URLs: the teacher's homes, the grid and its cells, lessons,
corrections, period and final marks, the class journal, homework files."""

from django.urls import path

from journal.views import (
    class_journal,
    corrections,
    final_corrections,
    finals,
    grid,
    home,
    lessons,
)
from journal.views import periods as period_views

app_name = "journal"

LESSON = "lessons/<int:group_id>/<int:subject_id>/<str:day>/<int:number>/"
JOURNAL = "groups/<int:group_id>/subjects/<int:subject_id>/"

urlpatterns = [
    path("", home.teacher_home, name="teacher-home"),
    path("my-class/", home.class_teacher_home, name="class-teacher-home"),
    # the grid and its cells
    path(JOURNAL, grid.grid, name="grid"),
    path("cell/", grid.grid_cell, name="grid-cell"),
    path("cell/history/", grid.grid_cell_history, name="cell-history"),
    # a lesson
    path(LESSON, lessons.lesson_page, name="lesson"),
    path(
        "homework/<int:homework_id>/file/",
        lessons.homework_file,
        name="homework-file",
    ),
    # corrections
    path(
        f"{LESSON}correction/",
        corrections.correction_create,
        name="correction-create",
    ),
    path("corrections/", corrections.correction_list, name="correction-list"),
    path("corrections/queue/", corrections.correction_queue, name="correction-queue"),
    path(
        "corrections/<int:request_id>/decide/",
        corrections.correction_decide,
        name="correction-decide",
    ),
    # period, year, exam and final marks; closing a period
    path(f"{JOURNAL}period-marks/", period_views.period_marks, name="period-marks"),
    path(f"{JOURNAL}final-marks/", finals.final_marks, name="final-marks"),
    path(
        f"{JOURNAL}final-correction/",
        final_corrections.final_correction_create,
        name="final-correction-create",
    ),
    path(
        "periods/<int:period_id>/close/",
        period_views.period_close,
        name="period-close",
    ),
    # the class teacher's class journal
    path(
        "classes/<int:class_id>/",
        class_journal.class_summary,
        name="class-summary",
    ),
]
