"""Journal tables in the admin, read-mostly: changes belong to the services."""

from django.contrib import admin

from school.admin import LoggedAdmin

from . import models

for model, columns in [
    (models.Lesson, ["date", "lesson_number", "group", "subject", "teacher"]),
    (models.Homework, ["lesson", "student", "is_late"]),
    (models.Mark, ["lesson", "student", "work_kind", "value", "author", "is_late"]),
    (models.Attendance, ["lesson", "student", "value", "author", "is_late"]),
    (models.PeriodMark, ["student", "subject", "kind", "period", "value"]),
    (models.ParentComment, ["student", "subject", "author", "created_at"]),
    (
        models.CorrectionRequest,
        ["lesson_date", "group", "subject", "teacher", "status"],
    ),
]:
    admin.site.register(
        model,
        type(
            f"{model.__name__}Admin",
            (LoggedAdmin,),
            {
                "list_display": columns,
                "list_filter": ["school"],
                "list_select_related": True,
                # Writes go through the services, which check windows and rights.
                "has_add_permission": lambda self, request: False,
                "has_change_permission": lambda self, request, obj=None: False,
                "has_delete_permission": lambda self, request, obj=None: False,
            },
        ),
    )
