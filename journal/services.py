"""Every write of the journal: permission first, the school's windows, history, one
transaction. An approved correction request applies through these same services."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from school import events
from school.errors import ApplicationError
from school.models import (
    GroupMembership,
    LessonPlanItem,
    Student,
    StudyGroup,
    Subject,
    TimetableEntry,
    User,
    WorkKind,
)
from school.selectors.structure import grading_scale_for_grade, period_for
from school.services.common import ensure_same_school

from . import permissions, rules
from .models import Attendance, AttendanceValue, CorrectionRequest, Lesson, Mark

FUTURE_LESSON = _(
    "This lesson has not started yet: marks and attendance open at its start."
)
WINDOW_CLOSED = _(
    "The time for entries on this lesson has passed. File a correction request to "
    "change it."
)
PERIOD_CLOSED = _(
    "The period is closed: its journal can only be changed by an approved "
    "correction request."
)
MARKS_FREE = _(
    "This grade is taught without marks: attendance and lesson records only."
)
BAD_MARK = _("«%(value)s» is not a mark of this grading scale.")
NOT_IN_GROUP = _("%(pupil)s is not in this group on %(date)s.")
NO_SUCH_LESSON = _("There is no such lesson in the timetable on that date.")


def ensure_open(lesson: Lesson, *, correction: CorrectionRequest | None) -> None:
    """Refuse entries outside the lesson's window or in a closed period."""
    if correction is not None:
        return  # an approved request is the sanctioned way past the window (C7)
    school = lesson.school
    period = period_for(school, lesson.group.grade, lesson.date)
    if period is not None and period.is_closed:
        raise ApplicationError(PERIOD_CLOSED)
    starts_at, _ends = rules.bell_times(school, lesson.lesson_number)
    state = rules.entry_window(school, lesson.date, starts_at).state(rules.now())
    if state == "early":
        raise ApplicationError(FUTURE_LESSON)
    if state == "closed":
        raise ApplicationError(WINDOW_CLOSED)


def _clean(entry: Mark | Attendance) -> None:
    """full_clean of the values typed; the related objects are in hand (checked by
    ensure_same_school) and the row lock with the unique constraint keeps one entry
    per cell, so the six lookups Django would repeat on every keystroke are skipped."""
    relations = [f.name for f in entry._meta.concrete_fields if f.is_relation]
    entry.full_clean(
        exclude=relations, validate_unique=False, validate_constraints=False
    )


def _ensure_member(lesson: Lesson, student: Student) -> None:
    member = GroupMembership.objects.filter(group=lesson.group, student=student).on(
        lesson.date
    )
    if not member.exists():
        raise ValidationError(
            NOT_IN_GROUP,
            params={"pupil": student, "date": lesson.date.strftime("%d.%m.%Y")},
        )


def _attribute(obj, actor: User, correction: CorrectionRequest | None) -> None:
    """History names the actor; an applied correction names the request and teacher."""
    obj._history_user = actor
    if correction is not None:
        teacher = correction.teacher.get_username()
        obj._change_reason = f"correction #{correction.pk} requested by {teacher}"


def _ensure_can_write(
    actor: User, lesson: Lesson, correction: CorrectionRequest | None
) -> None:
    if correction is not None:
        permissions.ensure_can_decide_corrections(actor, lesson.school)
        return
    permissions.ensure_can_keep_journal(
        actor, lesson.group, lesson.subject, lesson.date
    )


# --- Lessons ------------------------------------------------------------------


@transaction.atomic
def lesson_open(
    *,
    actor: User,
    group: StudyGroup,
    subject: Subject,
    date: datetime.date,
    lesson_number: int,
) -> Lesson:
    """The journal column of a timetabled lesson, recorded under who teaches it (C5)."""
    ensure_same_school(group.school, subject)
    permissions.ensure_can_keep_journal(actor, group, subject, date)
    lesson = Lesson.objects.filter(
        group=group, subject=subject, date=date, lesson_number=lesson_number
    ).first()
    if lesson is not None:
        # The caller's objects, so the entries that follow need not load them again.
        lesson.school, lesson.group, lesson.subject = group.school, group, subject
        return lesson
    from school.selectors.timetable import lessons_on

    scheduled = [
        s
        for s in lessons_on(school=group.school, day=date, group_ids=[group.pk])
        if s.subject.pk == subject.pk
        and s.lesson_number == lesson_number
        and s.takes_place
    ]
    if not scheduled:
        raise ValidationError(NO_SUCH_LESSON)
    slot = scheduled[0]
    is_substitution = slot.teacher.pk != slot.planned_teacher.pk
    lesson = Lesson(
        school=group.school,
        group=group,
        subject=subject,
        date=date,
        lesson_number=lesson_number,
        entry=TimetableEntry.objects.filter(pk=slot.entry_id).first(),
        teacher=actor,
        is_substitution=is_substitution,
    )
    lesson.full_clean()
    lesson._history_user = actor
    lesson.save()
    if is_substitution:
        events.record(
            "journal.substitution.recorded",
            actor=actor,
            school=group.school,
            lesson=lesson.pk,
            planned_teacher=slot.planned_teacher.pk,
        )
    return lesson


@transaction.atomic
def lesson_record(
    *,
    actor: User,
    lesson: Lesson,
    topic: str,
    material: str = "",
    plan_item: LessonPlanItem | None = None,
) -> Lesson:
    """Topic (from the КТП or typed) and material of a held lesson (C2)."""
    _ensure_can_write(actor, lesson, None)
    ensure_open(lesson, correction=None)
    ensure_same_school(lesson.school, plan_item)
    if plan_item is not None and not topic:
        topic = plan_item.topic
    values = {"topic": topic, "material": material, "plan_item": plan_item}
    changed = [
        field for field, value in values.items() if getattr(lesson, field) != value
    ]
    for field in changed:
        setattr(lesson, field, values[field])
    if changed:
        lesson.full_clean()
        lesson._history_user = actor
        lesson.save(update_fields=changed)
    return lesson


# --- Marks and attendance -----------------------------------------------------


@transaction.atomic
def mark_set(
    *,
    actor: User,
    lesson: Lesson,
    student: Student,
    work_kind: WorkKind,
    value: str,
    comment: str = "",
    correction: CorrectionRequest | None = None,
) -> Mark | None:
    """Enter, change or (with an empty value) clear one mark of one kind of work."""
    _ensure_can_write(actor, lesson, correction)
    ensure_same_school(lesson.school, student, work_kind)
    ensure_open(lesson, correction=correction)
    scale = grading_scale_for_grade(lesson.school, lesson.group.grade)
    if scale is not None and scale.is_marks_free:
        raise ApplicationError(MARKS_FREE)
    _ensure_member(lesson, student)
    value = value.strip()
    mark = (
        Mark.objects.select_for_update()
        .filter(lesson=lesson, student=student, work_kind=work_kind)
        .first()
    )
    if not value:
        if mark is not None:
            _attribute(mark, actor, correction)
            mark.delete()
        return None
    if scale is not None and not scale.accepts(value):
        raise ValidationError(BAD_MARK, params={"value": value})
    moment = rules.now()
    if mark is None:
        mark = Mark(
            school=lesson.school,
            lesson=lesson,
            student=student,
            work_kind=work_kind,
            author=correction.teacher if correction else actor,
            created_at=moment,
        )
    elif (mark.value, mark.comment) == (value, comment):
        return mark
    mark.value, mark.comment, mark.updated_at = value, comment, moment
    mark.is_late = mark.is_late or rules.mark_is_late(
        lesson.school, lesson.date, work_kind, moment
    )
    _clean(mark)
    _attribute(mark, actor, correction)
    mark.save()
    return mark


@transaction.atomic
def attendance_mark(
    *,
    actor: User,
    lesson: Lesson,
    student: Student,
    value: str,
    correction: CorrectionRequest | None = None,
) -> Attendance | None:
    """Mark a pupil н / б / у / оп at a lesson, or clear it with an empty value (C3)."""
    _ensure_can_write(actor, lesson, correction)
    ensure_same_school(lesson.school, student)
    ensure_open(lesson, correction=correction)
    _ensure_member(lesson, student)
    row = (
        Attendance.objects.select_for_update()
        .filter(lesson=lesson, student=student)
        .first()
    )
    if not value:
        if row is not None:
            _attribute(row, actor, correction)
            row.delete()
        return None
    if value not in AttendanceValue.values:
        raise ValidationError(BAD_MARK, params={"value": value})
    moment = rules.now()
    if row is None:
        row = Attendance(
            school=lesson.school,
            lesson=lesson,
            student=student,
            author=correction.teacher if correction else actor,
            created_at=moment,
        )
    elif row.value == value:
        return row
    row.value, row.updated_at = value, moment
    row.is_late = row.is_late or rules.attendance_is_late(
        lesson.school, lesson.date, moment
    )
    _clean(row)
    _attribute(row, actor, correction)
    row.save()
    return row
