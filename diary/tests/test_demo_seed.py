"""seed_demo fills the year up to yesterday: deterministic, idempotent, consistent.

The tiny size (four classes of a few pupils) keeps these tests quick; the same code
writes the small and city sizes.
"""

import datetime
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import Count

from diary.models import AccessApplication, Consent, DeliveryForm, DiaryView, Poll
from journal.models import (
    Attendance,
    CorrectionRequest,
    CorrectionStatus,
    Homework,
    Lesson,
    Mark,
    PeriodMark,
)
from journal.selectors.periods import period_rows
from school.models import (
    ChangeKind,
    ControlWork,
    GuardianRelation,
    School,
    StudyPeriod,
    TimetableChange,
    User,
)


def demo_day() -> datetime.date:
    """A Thursday early in December of the current school year: one period closed."""
    today = datetime.date.today()
    year = today.year if today.month >= 9 else today.year - 1
    day = datetime.date(year, 12, 1)
    while day.isoweekday() != 4:
        day += datetime.timedelta(days=1)
    return day


def seed(day: datetime.date, seed_no: int = 4) -> str:
    out = StringIO()
    call_command(
        "seed_demo",
        "--size",
        "tiny",
        "--seed",
        str(seed_no),
        "--today",
        day.isoformat(),
        stdout=out,
    )
    return out.getvalue()


def table_counts() -> dict[str, int]:
    """Rows in every table of the project, history tables included."""
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label
        in {"school", "journal", "diary", "guardian", "auth", "axes"}
    }


def content() -> dict[str, list]:
    """The term's content by names and dates, not ids: the same for the same seed."""
    return {
        "marks": sorted(
            Mark.objects.values_list(
                "student__user__username",
                "lesson__subject__name",
                "lesson__date",
                "lesson__lesson_number",
                "work_kind__name",
                "value",
                "comment",
                "is_late",
            )
        ),
        "attendance": sorted(
            Attendance.objects.values_list(
                "student__user__username",
                "lesson__date",
                "lesson__lesson_number",
                "value",
            )
        ),
        "homework": sorted(
            Homework.objects.values_list("lesson__date", "lesson__group__name", "text")
        ),
        "period_marks": sorted(
            PeriodMark.objects.values_list(
                "student__user__username", "subject__name", "value"
            )
        ),
        "applications": sorted(
            AccessApplication.objects.values_list(
                "guardian__user__username", "student__user__username", "delivery"
            )
        ),
        "views": sorted(
            DiaryView.objects.values_list("viewer__username", "viewed_on", "count")
        ),
    }


@pytest.mark.django_db(transaction=True)
def test_the_term_is_the_same_for_a_seed_and_a_second_run_writes_nothing():
    # given
    day = demo_day()
    seed(day)
    counts, first = table_counts(), content()
    assert len(first["marks"]) > 500 and first["attendance"] and first["views"]
    # when: the same seed again on the filled database
    seed(day)
    # then: not one row more, in any table (history and events included)
    assert table_counts() == counts
    # when: the same seed on an empty database
    call_command("flush", interactive=False, verbosity=0)
    seed(day)
    # then: the same rows with the same content
    assert table_counts() == counts
    assert content() == first


@pytest.mark.django_db
def test_the_demo_term_is_a_living_one():
    # given
    day = demo_day()
    # when
    seed(day, seed_no=2)
    school = School.objects.get()
    teacher = User.objects.get(username="teacher")
    zavuch = User.objects.get(username="zavuch")
    # then: every finished period is closed with period marks, the current one open
    periods = list(StudyPeriod.objects.for_school(school))
    finished = [p for p in periods if p.ends_on < day]
    assert finished and all(p.is_closed and p.closed_by == zavuch for p in finished)
    assert all(not p.is_closed for p in periods if p.starts_on <= day <= p.ends_on)
    # the period marks are the grading suggestions unless the teacher overrode one
    overridden = 0
    pairs = PeriodMark.objects.values_list("group", "subject", "period").distinct()
    for group_id, subject_id, period_id in pairs:
        sample = PeriodMark.objects.filter(
            group_id=group_id, subject_id=subject_id, period_id=period_id
        ).select_related("group", "subject", "period")[0]
        rows, _required = period_rows(sample.group, sample.subject, sample.period)
        for row in rows:
            mark = row.period_mark
            assert mark is not None, row.student
            history = list(mark.history.order_by("history_date", "history_id"))
            assert history[0].value == row.suggested
            assert history[0].history_user_id == mark.author_id
            if len(history) > 1:
                overridden += 1
                assert mark.value != row.suggested
                assert abs(int(mark.value) - int(row.suggested)) == 1
            else:
                assert mark.value == row.suggested
    assert overridden >= 1
    # nothing on or after the seeding day: today's lessons of `teacher` are open
    # and empty (the journal column is opened on the first click)
    assert not Lesson.objects.filter(date__gte=day).exists()
    from journal import rules
    from journal.services.lessons import lesson_open
    from school.selectors.timetable import lessons_on

    today = lessons_on(school=school, day=day, teacher=teacher)
    assert today
    for slot in today:
        lesson = lesson_open(
            actor=teacher,
            group=slot.group,
            subject=slot.subject,
            date=day,
            lesson_number=slot.lesson_number,
        )
        start = datetime.datetime.combine(day, slot.starts_at, tzinfo=school.tzinfo)
        assert rules.entry_window(school, day, slot.starts_at).state(start) == "open"
        assert not Mark.objects.filter(lesson=lesson).exists()
        assert not Attendance.objects.filter(lesson=lesson).exists()
    # grade 1: attendance and topics only
    first_grade = Lesson.objects.filter(group__grade=1)
    assert first_grade.exists() and not first_grade.filter(topic="").exists()
    assert Attendance.objects.filter(lesson__group__grade=1).exists()
    assert not Mark.objects.filter(lesson__group__grade=1).exists()
    assert not Homework.objects.filter(lesson__group__grade=1).exists()
    # topics follow the КТП in order
    lessons = Lesson.objects.filter(
        group__grade=5, subject__name="Математика", date__lt=day
    )
    numbers = [
        lesson.plan_item.number for lesson in lessons.order_by("date", "lesson_number")
    ]
    assert numbers == list(range(1, len(numbers) + 1))
    # marks of control works only on the control-work schedule's dates
    works = set(ControlWork.objects.values_list("group", "subject", "date"))
    control = Mark.objects.filter(work_kind__is_control=True)
    assert control.exists()
    assert (
        set(control.values_list("lesson__group", "lesson__subject", "lesson__date"))
        <= works
    )
    kinds = dict(Mark.objects.values_list("work_kind__name").annotate(n=Count("id")))
    assert kinds["Ответ на уроке"] == max(kinds.values())
    # ability: strong, average, weak pupils and some at risk
    values = Mark.objects.values_list("value", flat=True)
    assert {"2", "3", "4", "5"} <= set(values)
    assert Mark.objects.exclude(comment="").exists()
    assert Mark.objects.filter(is_late=True).exists()
    assert (
        Attendance.objects.filter(value="б").count()
        > Attendance.objects.filter(value="оп").count()
    )
    # substitutions recorded by the substitute; a cancelled and a moved lesson
    substituted = Lesson.objects.filter(is_substitution=True)
    assert substituted.exists()
    for lesson in substituted:
        assert lesson.history.get().history_user_id == lesson.teacher_id
        assert lesson.teacher_id != lesson.entry.teacher_id
    changes = set(TimetableChange.objects.values_list("kind", flat=True))
    assert {ChangeKind.CANCELLATION, ChangeKind.TRANSFER} <= changes
    # correction requests of every status; approved ones applied with history
    statuses = set(CorrectionRequest.objects.values_list("status", flat=True))
    assert statuses == set(CorrectionStatus.values)
    # applications and consents for most parents, a few paper, a few none
    links = GuardianRelation.objects.count()
    applications = AccessApplication.objects.count()
    assert 0.75 * links <= applications < links
    assert Consent.objects.count() == applications
    assert AccessApplication.objects.filter(delivery=DeliveryForm.PAPER).exists()
    assert DiaryView.objects.exists() and Poll.objects.exists()
    # history rows name the teachers who made the entries
    mark = Mark.objects.select_related("lesson").first()
    assert (
        mark.history.get().history_user_id == mark.author_id == mark.lesson.teacher_id
    )
