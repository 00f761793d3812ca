import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from journal.models import CorrectionStatus, Mark, PeriodMark
from journal.services import corrections as services_corrections
from journal.services import periods as services_periods
from journal.tests.conftest import MONDAY, at, open_lesson, put_mark
from school.errors import ApplicationError
from school.models import Event, PeriodScheme, Role
from school.tests.factories import StudyPeriodFactory, member

LATER = MONDAY + datetime.timedelta(days=3)


@pytest.fixture
def marked(setup):
    s = setup
    with time_machine.travel(at(s["school"], MONDAY, 9, 30), tick=False):
        lesson = open_lesson(s)
        put_mark(s, lesson, "2")
    s["lesson"] = lesson
    s["deputy"] = member(Role.DEPUTY, s["school"])
    return s


def file_request(s):
    return services_corrections.correction_request_create(
        actor=s["teacher"],
        lesson=s["lesson"],
        changes=[
            {
                "target": "mark",
                "student": s["pupil"].pk,
                "work_kind": s["kind"].pk,
                "value": "4",
            }
        ],
        changes_text="Исправить 2 на 4",
        reason="Ошибка при вводе",
    )


def test_past_the_window_a_correction_is_the_way(marked):
    s = marked
    # given: the window has closed; the teacher files a request
    with time_machine.travel(at(s["school"], LATER, 10), tick=False):
        with pytest.raises(ApplicationError):
            put_mark(s, s["lesson"], "4")
        request = file_request(s)
        # when: the deputy approves
        services_corrections.correction_request_decide(
            actor=s["deputy"], request=request, approve=True
        )
    # then: the change is applied; history shows both people and the request
    mark = Mark.objects.get()
    assert mark.value == "4"
    latest = mark.history.first()
    assert latest.history_user == s["deputy"]
    assert f"#{request.pk}" in latest.history_change_reason
    assert s["teacher"].username in latest.history_change_reason
    request.refresh_from_db()
    assert (request.status, request.reviewed_by) == (
        CorrectionStatus.APPROVED,
        s["deputy"],
    )
    assert Event.objects.filter(code="journal.correction.approved").exists()


def test_rejection_needs_a_reason_and_changes_nothing(marked):
    s = marked
    with time_machine.travel(at(s["school"], LATER, 10), tick=False):
        request = file_request(s)
        with pytest.raises(ValidationError):
            services_corrections.correction_request_decide(
                actor=s["deputy"], request=request, approve=False
            )
        services_corrections.correction_request_decide(
            actor=s["deputy"], request=request, approve=False, comment="Нет оснований"
        )
        with pytest.raises(ApplicationError):
            services_corrections.correction_request_decide(
                actor=s["deputy"], request=request, approve=True
            )
    assert Mark.objects.get().value == "2"
    request.refresh_from_db()
    assert request.status == CorrectionStatus.REJECTED
    assert request.review_comment == "Нет оснований"


def test_teacher_cannot_approve_own_request(marked):
    s = marked
    with time_machine.travel(at(s["school"], LATER, 10), tick=False):
        request = file_request(s)
        with pytest.raises(PermissionDenied):
            services_corrections.correction_request_decide(
                actor=s["teacher"], request=request, approve=True
            )
    assert Mark.objects.get().value == "2"
    assert Mark.history.count() == 1


def test_period_marks_open_in_the_last_week_and_close_with_the_period(marked):
    s = marked
    scheme = PeriodScheme.objects.create(
        school=s["school"],
        year=s["year"],
        name="Ч",
        kind="quarter",
        grade_from=1,
        grade_to=11,
    )
    period = StudyPeriodFactory(
        scheme=scheme,
        number=2,
        starts_on=datetime.date(2026, 11, 5),
        ends_on=datetime.date(2026, 12, 28),
    )
    arguments = {
        "actor": s["teacher"],
        "group": s["group"],
        "subject": s["subject"],
        "student": s["pupil"],
        "period": period,
        "value": "4",
    }
    with (
        time_machine.travel(
            at(s["school"], datetime.date(2026, 12, 1), 12), tick=False
        ),
        pytest.raises(ApplicationError, match=r"22\.12\.2026"),
    ):
        services_periods.period_mark_set(**arguments)
    with time_machine.travel(
        at(s["school"], datetime.date(2026, 12, 24), 12), tick=False
    ):
        row = services_periods.period_mark_set(**arguments)
        assert not row.is_late
        with pytest.raises(PermissionDenied):
            services_periods.period_close(actor=s["teacher"], period=period)
        services_periods.period_close(actor=s["deputy"], period=period)
        with pytest.raises(ApplicationError):
            services_periods.period_mark_set(**{**arguments, "value": "5"})
    assert PeriodMark.objects.get().value == "4"
