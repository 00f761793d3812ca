"""Every write of the journal: permission first, the school's windows, history, one
transaction. An approved correction request applies through these same services."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from journal import events, permissions, rules
from journal.choices import AttendanceValue
from journal.models import Attendance, CorrectionRequest, Lesson, Mark
from school import history
from school.errors import ApplicationError
from school.models import (
    Bell,
    GradingScale,
    GroupMembership,
    LessonPlanItem,
    School,
    Student,
    StudyGroup,
    StudyPeriod,
    Subject,
    TimetableEntry,
    User,
    WorkKind,
)
from school.selectors.structure import grading_scale_for_grade, period_for
from school.services.common import ensure_same_school

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
    starts_at, _ends = rules.bell_times(school, lesson.lesson_number)
    state = rules.entry_state(
        school,
        lesson.date,
        starts_at,
        period_closed=period is not None and period.is_closed,
        moment=rules.now(),
    )
    if state != rules.OPEN:
        raise ApplicationError(rules.REFUSALS[state])


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
    reason = ""
    if correction is not None:
        teacher = correction.teacher.get_username()
        reason = f"correction #{correction.pk} requested by {teacher}"
    history.attribute(obj, actor, reason)


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
    return _lesson_create(actor, group, subject, date, lesson_number)


def _lesson_create(
    actor: User,
    group: StudyGroup,
    subject: Subject,
    date: datetime.date,
    lesson_number: int,
) -> Lesson:
    """The Lesson row of a timetabled lesson, under who teaches it; the caller has
    checked that the actor keeps the journal on that day."""
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
    history.attribute(lesson, actor)
    lesson.save()
    if is_substitution:
        events.substitution_recorded(
            actor=actor,
            school=group.school,
            lesson_id=lesson.pk,
            planned_teacher_id=slot.planned_teacher.pk,
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
        history.attribute(lesson, actor)
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
    mark = (
        Mark.objects.select_for_update()
        .filter(lesson=lesson, student=student, work_kind=work_kind)
        .first()
    )
    return _mark_write(
        actor=actor,
        lesson=lesson,
        student=student,
        work_kind=work_kind,
        mark=mark,
        value=value,
        comment=comment,
        scale=scale,
        correction=correction,
    )


def _mark_write(
    *,
    actor: User,
    lesson: Lesson,
    student: Student,
    work_kind: WorkKind,
    mark: Mark | None,
    value: str,
    comment: str,
    scale: GradingScale | None,
    correction: CorrectionRequest | None,
) -> Mark | None:
    """Add, replace or (with an empty value) clear the cell's mark of one kind: the
    one place a mark row is written, for the grid, the pages and corrections."""
    value = value.strip()
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
        update_fields = None
    elif (mark.value, mark.comment) == (value, comment):
        return mark
    else:
        update_fields = ["value", "comment", "updated_at", "is_late"]
    mark.work_kind = work_kind
    mark.value, mark.comment, mark.updated_at = value, comment, moment
    mark.is_late = mark.is_late or rules.mark_is_late(
        lesson.school, lesson.date, work_kind, moment
    )
    _clean(mark)
    _attribute(mark, actor, correction)
    mark.save(update_fields=update_fields)
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
    return _attendance_write(
        actor=actor,
        lesson=lesson,
        student=student,
        row=row,
        value=value,
        correction=correction,
    )


def _attendance_write(
    *,
    actor: User,
    lesson: Lesson,
    student: Student,
    row: Attendance | None,
    value: str,
    correction: CorrectionRequest | None,
) -> Attendance | None:
    """Add, replace or (with an empty value) clear a pupil's attendance at a lesson:
    the one place an attendance row is written."""
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
        update_fields = None
    elif row.value == value:
        return row
    else:
        update_fields = ["value", "updated_at", "is_late"]
    row.value, row.updated_at = value, moment
    row.is_late = row.is_late or rules.attendance_is_late(
        lesson.school, lesson.date, moment
    )
    _clean(row)
    _attribute(row, actor, correction)
    row.save(update_fields=update_fields)
    return row


# --- One grid cell ------------------------------------------------------------

NO_KIND = _("Choose the kind of work for the mark above the journal.")
CELL_ATTEMPTS = 2  # a parallel first entry may create the same lesson or mark


@dataclass
class CellState:
    """What a grid cell and its row show after an entry, from the service's own
    reads, so the response needs no second look at the database."""

    lesson_id: int | None
    marks: list[Mark]  # the pupil's marks of the period in this journal
    attendance: str
    period: StudyPeriod


def _cell_context(
    actor: User,
    school: School,
    *,
    group_id: int,
    subject_id: int,
    student_id: int,
    kind_id: int | None,
    day: datetime.date,
    lesson_number: int,
):
    """The group row with everything one cell's entry needs, in one query: the
    keeper check, membership, the lesson, the period, the bell, the scale and the
    kind of work."""
    group_ref = OuterRef("pk")
    grade = OuterRef("grade")
    period = (
        StudyPeriod.objects.filter(
            school=school,
            scheme__grade_from__lte=grade,
            scheme__grade_to__gte=grade,
        )
        .on(day)
        .order_by("starts_on")
    )
    scale = (
        GradingScale.objects.filter(
            school=school, grade_from__lte=grade, grade_to__gte=grade
        )
        .annotate(width=F("grade_to") - F("grade_from"))
        .order_by("width", "grade_from", "name")
    )
    kind = WorkKind.objects.filter(school=school, pk=kind_id or 0)
    slot = {"date": day, "lesson_number": lesson_number}
    return (
        StudyGroup.objects.for_school(school)
        .filter(pk=group_id)
        .annotate(
            keeps=permissions.keeps_journal_expression(
                actor, subject_id=subject_id, day=day
            ),
            subject_ok=Exists(Subject.objects.filter(school=school, pk=subject_id)),
            student_ok=Exists(Student.objects.filter(school=school, pk=student_id)),
            member=Exists(
                GroupMembership.objects.filter(
                    group=group_ref, student_id=student_id
                ).on(day)
            ),
            lesson_pk=Subquery(
                Lesson.objects.filter(
                    group=group_ref, subject_id=subject_id, **slot
                ).values("pk")[:1]
            ),
            attendance_value=Subquery(
                Attendance.objects.filter(
                    lesson__group=group_ref,
                    lesson__subject_id=subject_id,
                    lesson__date=day,
                    lesson__lesson_number=lesson_number,
                    student_id=student_id,
                ).values("value")[:1]
            ),
            period_pk=Subquery(period.values("pk")[:1]),
            period_starts=Subquery(period.values("starts_on")[:1]),
            period_ends=Subquery(period.values("ends_on")[:1]),
            period_closed=Subquery(period.values("closed_at")[:1]),
            bell_starts=Subquery(
                Bell.objects.filter(
                    schedule__school=school,
                    schedule__is_default=True,
                    number=lesson_number,
                ).values("starts_at")[:1]
            ),
            scale_kind=Subquery(scale.values("kind")[:1]),
            scale_values=Subquery(scale.values("values")[:1]),
            kind_weight=Subquery(kind.values("weight")[:1]),
            kind_name=Subquery(kind.values("name")[:1]),
            kind_short=Subquery(kind.values("short_name")[:1]),
            kind_deadline=Subquery(kind.values("deadline_days")[:1]),
        )
        .first()
    )


def cell_enter(
    *,
    actor: User,
    school: School,
    group_id: int,
    subject_id: int,
    student_id: int,
    kind_id: int | None,
    day: datetime.date,
    lesson_number: int,
    entries: list[tuple[str, str]],
    comment: str = "",
) -> CellState:
    """One grid cell's input — marks and attendance typed, or nothing to clear the
    chosen kind's mark and the attendance — all or nothing, by the journal's keeper
    within the lesson's window (C1–C4, C6)."""
    for attempt in range(CELL_ATTEMPTS):
        try:
            with transaction.atomic():
                return _cell_enter(
                    actor=actor,
                    school=school,
                    group_id=group_id,
                    subject_id=subject_id,
                    student_id=student_id,
                    kind_id=kind_id,
                    day=day,
                    lesson_number=lesson_number,
                    entries=entries,
                    comment=comment,
                )
        except IntegrityError:
            if attempt + 1 == CELL_ATTEMPTS:
                raise
    raise AssertionError("unreachable")


def _cell_enter(
    *,
    actor,
    school,
    group_id,
    subject_id,
    student_id,
    kind_id,
    day,
    lesson_number,
    entries,
    comment,
) -> CellState:
    ctx = _cell_context(
        actor,
        school,
        group_id=group_id,
        subject_id=subject_id,
        student_id=student_id,
        kind_id=kind_id,
        day=day,
        lesson_number=lesson_number,
    )
    if ctx is None or not (ctx.subject_ok and ctx.student_ok) or not ctx.keeps:
        raise PermissionDenied
    if kind_id and ctx.kind_weight is None:
        raise PermissionDenied
    if ctx.period_pk is None:
        raise PermissionDenied  # a day outside every period has no journal page
    group = ctx
    group.school = school
    period = StudyPeriod(
        pk=ctx.period_pk,
        school=school,
        starts_on=ctx.period_starts,
        ends_on=ctx.period_ends,
        closed_at=ctx.period_closed,
    )
    kind = None
    if kind_id:
        kind = WorkKind(
            pk=kind_id,
            school=school,
            weight=ctx.kind_weight,
            name=ctx.kind_name,
            short_name=ctx.kind_short,
            deadline_days=ctx.kind_deadline,
        )
    if any(target == "mark" for target, _value in entries) and kind is None:
        raise ValidationError(NO_KIND)
    lesson_id = ctx.lesson_pk
    if not entries:  # Delete: the chosen kind's mark and the attendance
        entries = [("mark", ""), ("attendance", "")] if kind else [("attendance", "")]
        if lesson_id is None:
            return CellState(None, [], "", period)
    subject = Subject(pk=subject_id, school=school)
    if lesson_id is None:
        lesson = _lesson_create(actor, group, subject, day, lesson_number)
    else:
        lesson = Lesson(
            pk=lesson_id,
            school=school,
            group=group,
            subject=subject,
            date=day,
            lesson_number=lesson_number,
        )
    starts_at = ctx.bell_starts or rules.default_bell(lesson_number)[0]
    state = rules.entry_state(
        school,
        day,
        starts_at,
        period_closed=ctx.period_closed is not None,
        moment=rules.now(),
    )
    if state != rules.OPEN:
        raise ApplicationError(rules.REFUSALS[state])
    scale = None
    if ctx.scale_kind is not None:
        scale = GradingScale(kind=ctx.scale_kind, values=ctx.scale_values or [])
    marks_free = scale is not None and scale.is_marks_free
    if marks_free and any(target == "mark" for target, _value in entries):
        raise ApplicationError(MARKS_FREE)
    if not ctx.member:
        student = Student.objects.select_related("user").get(pk=student_id)
        raise ValidationError(
            NOT_IN_GROUP,
            params={"pupil": student, "date": day.strftime("%d.%m.%Y")},
        )
    student = Student(pk=student_id, school=school)
    marks = list(
        Mark.objects.select_for_update(of=("self",))
        .filter(
            school=school,
            student_id=student_id,
            lesson__group_id=group_id,
            lesson__subject_id=subject_id,
            lesson__date__range=(period.starts_on, period.ends_on),
        )
        .select_related("work_kind")
        .order_by("lesson__date", "lesson__lesson_number", "work_kind__name")
    )
    attendance = ctx.attendance_value or ""
    for target, value in entries:
        if target == "mark":
            assert kind is not None  # a mark entry without a kind was refused above
            existing = next(
                (
                    m
                    for m in marks
                    if m.lesson_id == lesson.pk and m.work_kind_id == kind.pk
                ),
                None,
            )
            written = _mark_write(
                actor=actor,
                lesson=lesson,
                student=student,
                work_kind=kind,
                mark=existing,
                value=value,
                comment=comment if value else "",
                scale=scale,
                correction=None,
            )
            if existing is not None:
                marks.remove(existing)
            if written is not None:
                marks.append(written)
        else:
            present = (
                Attendance.objects.select_for_update()
                .filter(lesson_id=lesson.pk, student_id=student_id)
                .first()
            )
            entered = _attendance_write(
                actor=actor,
                lesson=lesson,
                student=student,
                row=present,
                value=value,
                correction=None,
            )
            attendance = entered.value if entered is not None else ""
    return CellState(lesson.pk, marks, attendance, period)
