"""The demo term's period marks, closed periods and correction requests.

Period marks are the grading suggestion from the pupil's marks of the period
(`weighted_average` → `suggested_mark`), overridden now and then by the teacher:
an overridden mark has two history rows, the suggestion first, then the change.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from journal import events
from journal.grading import suggested_mark, weighted_average
from school.demo import rows as fast

from ..models import (
    Attendance,
    AttendanceValue,
    CorrectionRequest,
    CorrectionStatus,
    Lesson,
    Mark,
    PeriodMark,
    PeriodMarkKind,
)

BATCH = 2000
DAY = datetime.timedelta(days=1)
OVERRIDE_SHARE = 0.05
OVERRIDE_REASON = "teacher's decision"


def finished_periods(term, grade: int) -> list:
    return [
        p
        for p in term.periods
        if p.ends_on < term.ctx.today
        and p.scheme.grade_from <= grade <= p.scheme.grade_to
    ]


def period_marks_for_class(term, rng, school_class, marks: list) -> None:
    """Each pupil's period mark of every finished period, from the suggestion."""
    periods = finished_periods(term, school_class.grade)
    if not periods:
        return
    by_key: dict[tuple, list] = defaultdict(list)
    for mark in marks:
        for period in periods:
            if period.starts_on <= mark.date <= period.ends_on:
                by_key[(mark.student_id, mark.subject_id, period.pk)].append(mark)
    rows, overridden = [], []
    for group in sorted(term.groups[school_class.pk], key=lambda g: g.name):
        loads = sorted(
            (a for (gid, _sid), a in term.assignments.items() if gid == group.pk),
            key=lambda a: a.subject_id,
        )
        for assignment in loads:
            for period in periods:
                for member in term.members[group.pk]:
                    if member.starts_on > period.ends_on or (
                        member.ends_on and member.ends_on < period.starts_on
                    ):
                        continue
                    pupil = member.student
                    found = by_key[(pupil.pk, assignment.subject_id, period.pk)]
                    average = weighted_average(found)
                    value = suggested_mark(average)
                    moment = term.at(
                        period.ends_on - DAY,
                        datetime.time(15, 0),
                        rng.randint(0, 120),
                    )
                    row = {
                        "school_id": term.school.pk,
                        "group_id": group.pk,
                        "subject_id": assignment.subject_id,
                        "student_id": pupil.pk,
                        "kind": PeriodMarkKind.PERIOD,
                        "period_id": period.pk,
                        "value": value,
                        "is_deferred": not value,
                        "author_id": assignment.teacher_id,
                        "created_at": moment,
                        "updated_at": moment,
                        "is_late": False,
                        "_history_user_id": assignment.teacher_id,
                        "_history_date": moment,
                    }
                    rows.append(row)
                    if value in ("3", "4") and rng.random() < OVERRIDE_SHARE:
                        up = average >= int(value)
                        overridden.append((row, str(int(value) + (1 if up else -1))))
    for row, pk in zip(rows, fast.reserve_ids(PeriodMark, len(rows)), strict=True):
        row["id"] = pk
    # The suggestion is entered first; an override is a later change of it: the
    # table holds the final value, the history both.
    entered = [dict(row) for row in rows]
    changed = []
    for row, value in overridden:
        moment = row["created_at"] + datetime.timedelta(hours=1)
        row.update(value=value, updated_at=moment, _history_date=moment)
        row["_history_change_reason"] = OVERRIDE_REASON
        changed.append(row)
    fast.insert(PeriodMark, rows, history=False)
    fast.insert_history(PeriodMark, entered, history_type="+")
    fast.insert_history(PeriodMark, changed, history_type="~")
    term.stats["period_marks"] += len(rows)
    term.stats["period_marks_overridden"] += len(changed)


def periods_close(term) -> int:
    """The deputy closes every finished period a few days after its end."""
    from school.models import StudyPeriod

    closed = []
    now = datetime.datetime.now(tz=term.tz)
    for period in term.periods:
        if period.ends_on >= term.ctx.today or period.closed_at is not None:
            continue
        moment = term.at(period.ends_on + 3 * DAY, datetime.time(10, 0))
        period.closed_at = min(moment, now - datetime.timedelta(hours=1))
        period.closed_by = term.deputy
        period._history_user = term.deputy
        period._history_date = period.closed_at
        closed.append(period)
    if closed:
        StudyPeriod.objects.bulk_update(closed, ["closed_at", "closed_by"])
        StudyPeriod.history.bulk_history_create(closed, update=True)
        for period in closed:
            events.period_closed(actor=term.deputy, period=period)
    return len(closed)


# (target, status, old value → new value, reason, decision)
REQUESTS = [
    (
        "mark",
        CorrectionStatus.APPROVED,
        "Отметка выставлена ошибочно: за ответ у доски поставлено «{old}» вместо "
        "«{new}».",
        "Исправлено по записи в тетради учителя.",
    ),
    (
        "attendance",
        CorrectionStatus.APPROVED,
        "Родители представили заявление: ребёнок отсутствовал по уважительной причине.",
        "Заявление родителей приложено к журналу.",
    ),
    (
        "mark",
        CorrectionStatus.REJECTED,
        "Ученик переписал работу, прошу заменить «{old}» на «{new}».",
        "Пересдача отмечается новой отметкой, прежняя отметка не исправляется.",
    ),
    (
        "mark",
        CorrectionStatus.PENDING,
        "Отметка «{old}» поставлена не тому ученику, верная отметка «{new}».",
        "",
    ),
    (
        "attendance",
        CorrectionStatus.PENDING,
        "Ученик был на уроке, отсутствие отмечено по ошибке.",
        "",
    ),
    (
        "mark",
        CorrectionStatus.PENDING,
        "При проверке работы допущена ошибка в подсчёте баллов: «{old}» → «{new}».",
        "",
    ),
]


def corrections_write(term) -> int:
    """Requests of one teacher: approved and applied, rejected, and pending."""
    if CorrectionRequest.objects.for_school(term.school).exists():
        return 0
    window = term.school.edit_window_days + 2
    teacher = term.demo_teacher
    lessons = Lesson.objects.for_school(term.school).filter(
        date__lt=term.ctx.today - window * DAY
    )
    if teacher is not None:
        lessons = lessons.filter(teacher=teacher)
    # Only the open period: a closed period's marks stay as the suggestions made.
    for period in term.periods:
        if period.ends_on < term.ctx.today:
            lessons = lessons.exclude(date__range=(period.starts_on, period.ends_on))
    lessons = list(
        lessons.select_related("group", "subject").order_by(
            "-date", "lesson_number", "group__name"
        )[:60]
    )
    if not lessons:
        return 0
    marks = list(
        Mark.objects.filter(lesson__in=lessons, work_kind__is_control=False)
        .select_related("student__user", "work_kind", "lesson", "author")
        .order_by("-lesson__date", "lesson__lesson_number", "student__record_number")
    )
    absences = list(
        Attendance.objects.filter(lesson__in=lessons)
        .select_related("student__user", "lesson", "author")
        .order_by("-lesson__date", "lesson__lesson_number", "student__record_number")
    )
    written = 0
    for n, (target, status, reason, decision) in enumerate(REQUESTS):
        pool = marks if target == "mark" else absences
        if len(pool) <= n:
            continue
        written += _request(
            term, pool[n * 3 % len(pool)], target, status, reason, decision
        )
    return written


def _request(term, row, target, status, reason, decision) -> int:
    lesson = row.lesson
    teacher = row.author
    pupil = row.student
    if target == "mark":
        old = row.value
        new = str(int(old) + 1) if old in ("2", "3", "4") else "4"
        change = {
            "target": "mark",
            "student": pupil.pk,
            "work_kind": row.work_kind_id,
            "value": new,
        }
        text = f"{pupil}: {row.work_kind.name}, «{old}» → «{new}»"
    else:
        old = row.value
        new = AttendanceValue.EXCUSED if old == AttendanceValue.ABSENT else ""
        change = {"target": "attendance", "student": pupil.pk, "value": new}
        text = f"{pupil}: посещаемость «{old}» → «{new or 'присутствовал'}»"
    filed = term.at(
        lesson.date + (term.school.edit_window_days + 1) * DAY, datetime.time(16)
    )
    request = CorrectionRequest(
        school=term.school,
        teacher=teacher,
        group=lesson.group,
        subject=lesson.subject,
        lesson=lesson,
        lesson_date=lesson.date,
        changes=[change],
        changes_text=text,
        reason=reason.format(old=old, new=new),
        created_at=filed,
    )
    request._history_user, request._history_date = teacher, filed
    request.save()
    events.correction_filed(actor=teacher, request=request)
    if status == CorrectionStatus.PENDING:
        return 1
    decided = filed + datetime.timedelta(hours=20)
    if status == CorrectionStatus.APPROVED:
        row.value, row.updated_at = new, decided
        row._history_user, row._history_date = term.deputy, decided
        row._change_reason = f"correction #{request.pk} requested by {teacher.username}"
        if new:
            row.save(update_fields=["value", "updated_at"])
        else:
            row.delete()
    request.status = status
    request.reviewed_by = term.deputy
    request.reviewed_at = decided
    request.review_comment = decision
    request._history_user, request._history_date = term.deputy, decided
    request.save(
        update_fields=["status", "reviewed_by", "reviewed_at", "review_comment"]
    )
    events.correction_decided(
        actor=term.deputy,
        request=request,
        approved=status == CorrectionStatus.APPROVED,
    )
    return 1
