"""Homework with its files and comments to parents, from the journal (C2, C13)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from journal import permissions, rules
from journal.models import (
    Homework,
    Lesson,
    ParentComment,
)
from journal.services.lessons import (
    MARKS_FREE,
    ensure_open,
)
from school import history, uploads
from school.errors import ApplicationError
from school.models import (
    Student,
    User,
)
from school.selectors.structure import grading_scale_for_grade

EMPTY_COMMENT = _("The comment is empty.")
FILE_TYPE = _("Files of this type cannot be attached. Allowed: %(allowed)s.")
HOMEWORK_FILE_TYPES = (
    "pdf doc docx odt rtf txt xls xlsx ods ppt pptx odp jpg jpeg png gif mp3 zip"
).split()


def _check_homework_file(upload) -> None:
    """Documents, pictures, audio and archives up to HOMEWORK_FILE_MAX_MB."""
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension not in HOMEWORK_FILE_TYPES:
        raise ValidationError(
            FILE_TYPE, params={"allowed": ", ".join(HOMEWORK_FILE_TYPES)}
        )
    uploads.ensure_size(upload, limit_mb=uploads.homework_file_max_mb())


@transaction.atomic
def homework_set(
    *,
    actor: User,
    lesson: Lesson,
    text: str,
    student: Student | None = None,
    attachment=None,
    remove_attachment: bool = False,
) -> Homework:
    """Common (or one pupil's) homework, optionally with a file; late after H hours
    past the last lesson."""
    permissions.ensure_can_keep_journal(
        actor, lesson.group, lesson.subject, lesson.date
    )
    ensure_open(lesson, correction=None)
    scale = grading_scale_for_grade(lesson.school, lesson.group.grade)
    if scale is not None and scale.is_marks_free:
        raise ApplicationError(MARKS_FREE)
    if attachment is not None:
        _check_homework_file(attachment)
    homework = Homework.objects.filter(lesson=lesson, student=student).first()
    if homework is None:
        homework = Homework(
            school=lesson.school, lesson=lesson, student=student, author=actor
        )
    elif homework.text == text and attachment is None and not remove_attachment:
        return homework
    if attachment is not None:
        homework.attachment = attachment
    elif remove_attachment:
        homework.attachment = ""
    _starts, ends = rules.bell_times(lesson.school, lesson.lesson_number)
    last_end = datetime.datetime.combine(lesson.date, ends, tzinfo=lesson.school.tzinfo)
    homework.text = text
    homework.is_late = rules.homework_is_late(lesson.school, last_end, rules.now())
    homework.full_clean()
    history.attribute(homework, actor)
    homework.save()
    return homework


@transaction.atomic
def parent_comment_create(
    *, actor: User, lesson: Lesson, student: Student, text: str
) -> ParentComment:
    """A teacher's comment to the pupil's parents, from the journal (C13)."""
    permissions.ensure_can_keep_journal(
        actor, lesson.group, lesson.subject, lesson.date
    )
    if not text.strip():
        raise ValidationError(EMPTY_COMMENT)
    comment = ParentComment(
        school=lesson.school,
        student=student,
        lesson=lesson,
        subject=lesson.subject,
        author=actor,
        text=text.strip(),
    )
    comment.full_clean()
    history.attribute(comment, actor)
    comment.save()
    return comment
