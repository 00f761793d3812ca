import datetime

import pytest
import time_machine
from django.urls import reverse

from diary.models import DiaryView
from journal.services import lessons as services
from school.tests.factories import GroupMembershipFactory

from .builders_week import (
    MONDAY,
    TUESDAY,
    at,
    build_school,
    homework,
    lesson,
    mark,
    parent_of,
    student_login,
)


@pytest.fixture
def s(db):
    return build_school()


def _week_url(pupil, day=MONDAY):
    return reverse("diary:week", args=[pupil.pk]) + f"?week={day:%Y-%m-%d}"


def test_parent_sees_the_week_with_marks_homework_and_changes(client, s):
    # given
    held = lesson(s, topic="Сложение дробей")
    homework(s, held, text="Упражнение 101")
    mark(s, held, "5", comment="Молодец")
    parent = parent_of(s["pupil"])
    client.force_login(parent)
    # when
    response = client.get(_week_url(s["pupil"]))
    # then
    content = response.content.decode()
    assert response.status_code == 200
    for text in ("Математика", "Сложение дробей", "Упражнение 101", "Молодец"):
        assert text in content
    assert "Русский язык" in content
    assert "Сидорова М. И." in content


def test_what_the_teacher_saves_appears_at_once(client, s):
    # given: the parent has the diary open before the lesson
    parent = parent_of(s["pupil"])
    client.force_login(parent)
    assert "Ответ на уроке" not in client.get(_week_url(s["pupil"])).content.decode()
    # when: the teacher opens the lesson and puts a mark through the journal service
    with time_machine.travel(at(s["school"], MONDAY, 9, 40), tick=False):
        opened = services.lesson_open(
            actor=s["teacher"],
            group=s["group"],
            subject=s["maths"],
            date=MONDAY,
            lesson_number=2,
        )
        services.mark_set(
            actor=s["teacher"],
            lesson=opened,
            student=s["pupil"],
            work_kind=s["kind"],
            value="4",
        )
    # then
    content = client.get(_week_url(s["pupil"])).content.decode()
    assert "Ответ на уроке" in content and "<strong>4</strong>" in content


def test_pupil_sees_own_week(client, s):
    client.force_login(student_login(s["pupil"]))
    response = client.get(_week_url(s["pupil"]))
    assert response.status_code == 200
    assert DiaryView.objects.count() == 0  # only parents' views are recorded


def test_parent_switches_between_children(client, s):
    parent = parent_of(s["pupil"])
    guardian = parent.guardian_records.get()
    guardian.relations.create(
        school=s["school"], student=s["foreign"], relation="mother"
    )
    client.force_login(parent)
    content = client.get(_week_url(s["pupil"])).content.decode()
    assert reverse("diary:week", args=[s["foreign"].pk]) in content


def test_opening_the_diary_records_one_view_a_day(client, s):
    parent = parent_of(s["pupil"])
    client.force_login(parent)
    with time_machine.travel(at(s["school"], TUESDAY, 19), tick=False):
        client.get(_week_url(s["pupil"]))
        client.get(reverse("diary:subjects", args=[s["pupil"].pk]))
    view = DiaryView.objects.get()
    assert (view.viewer, view.student, view.viewed_on) == (
        parent,
        s["pupil"],
        TUESDAY,
    )
    assert view.count == 2 and view.role == "parent"


def test_subjects_page_shows_average_forecast_and_period_mark(client, s):
    # given: 5 (weight 1) and 2 (weight 2) → 3.00 → forecast 3
    held = lesson(s)
    mark(s, held, "5")
    mark(s, held, "2", kind=s["test_kind"])
    client.force_login(parent_of(s["pupil"]))
    # when
    with time_machine.travel(at(s["school"], TUESDAY, 19), tick=False):
        response = client.get(reverse("diary:subjects", args=[s["pupil"].pk]))
    # then
    content = response.content.decode()
    assert response.status_code == 200
    assert "3.00" in content or "3,00" in content
    assert "Русский язык" in content  # taught, even without marks yet


def test_class_info_lists_teachers_holidays_and_control_works(client, s):
    from school.models import ControlWork, Holiday

    ControlWork.objects.create(
        school=s["school"],
        year=s["year"],
        group=s["group"],
        subject=s["maths"],
        date=datetime.date(2026, 12, 10),
        title="Контрольная по дробям",
        created_by=s["teacher"],
    )
    Holiday.objects.create(
        school=s["school"],
        year=s["year"],
        kind="winter",
        name="Зимние каникулы",
        starts_on=datetime.date(2026, 12, 29),
        ends_on=datetime.date(2027, 1, 11),
    )
    client.force_login(parent_of(s["pupil"]))
    with time_machine.travel(at(s["school"], TUESDAY, 19), tick=False):
        content = client.get(
            reverse("diary:class-info", args=[s["pupil"].pk])
        ).content.decode()
    assert "Сидорова Мария Иванович" in content
    assert "Контрольная по дробям" in content
    assert "Зимние каникулы" in content


@pytest.mark.parametrize("extra", [0, 12])
def test_week_page_queries_do_not_grow_with_marks(
    client, s, extra, django_assert_num_queries
):
    # given: a parent of two children and `extra` more marked lessons this week
    for n in range(extra):
        held = lesson(s, day=MONDAY + datetime.timedelta(days=n % 6), number=7 - n // 6)
        mark(s, held, "4")
        mark(s, held, "5", kind=s["test_kind"], comment="к/р")
        homework(s, held, text=f"Задание {n}")
    parent = parent_of(s["pupil"])
    guardian = parent.guardian_records.get()
    sibling = GroupMembershipFactory(group=s["group"]).student
    guardian.relations.create(school=s["school"], student=sibling, relation="mother")
    client.force_login(parent)
    client.get(_week_url(s["pupil"]))  # today's DiaryView row exists from now on
    # when / then
    with django_assert_num_queries(25):  # incl. announcements and the papers gate
        response = client.get(_week_url(s["pupil"]))
    assert response.status_code == 200


def test_subjects_page_shows_period_year_and_exam_marks(client, s):
    # given: marks entered through the journal's period-marks rows (D6)
    from journal.models import PeriodMark

    common = {
        "school": s["school"],
        "group": s["group"],
        "subject": s["maths"],
        "student": s["pupil"],
        "author": s["teacher"],
    }
    PeriodMark.objects.create(**common, kind="period", period=s["quarter"], value="4")
    PeriodMark.objects.create(**common, kind="year", value="5")
    PeriodMark.objects.create(**common, kind="exam", value="3")
    client.force_login(parent_of(s["pupil"]))
    # when
    url = reverse("diary:subjects", args=[s["pupil"].pk])
    content = client.get(f"{url}?period={s['quarter'].pk}").content.decode()
    # then
    card = content.split(">Математика</h2>")[1].split("</section>")[0]
    for label, value in (("За период", "4"), ("Год", "5"), ("Экзамен", "3")):
        assert f"<dt>{label}</dt><dd>{value}</dd>" in card
    assert "Итоговая" not in card


def test_subjects_page_with_a_foreign_period_is_404(client, s):
    from school.tests.factories import StudyPeriodFactory

    foreign = StudyPeriodFactory()
    client.force_login(parent_of(s["pupil"]))
    url = reverse("diary:subjects", args=[s["pupil"].pk])
    assert client.get(f"{url}?period={foreign.pk}").status_code == 404


@pytest.mark.parametrize("extra", [0, 10])
@pytest.mark.parametrize("name", ["diary:subjects", "diary:class-info"])
def test_subject_and_class_pages_queries_do_not_grow(
    client, s, extra, name, django_assert_num_queries
):
    for n in range(extra):
        held = lesson(s, day=MONDAY - datetime.timedelta(days=7 * (n // 5) + n % 5))
        mark(s, held, "4", comment="x")
        mark(s, held, "5", kind=s["test_kind"])
    parent = parent_of(s["pupil"])
    client.force_login(parent)
    url = reverse(name, args=[s["pupil"].pk])
    with time_machine.travel(at(s["school"], TUESDAY, 19), tick=False):
        client.get(url)
        # incl. the papers gate (one query)
        with django_assert_num_queries(21 if name == "diary:subjects" else 20):
            assert client.get(url).status_code == 200


def test_the_week_shows_announcements_addressed_to_the_reader(client, s):
    # given: one announcement to the class's parents, one to its pupils
    from diary.services.messages import announcement_publish
    from school.models import Role
    from school.tests.factories import member

    deputy = member(Role.DEPUTY, s["school"])
    school_class = s["group"].school_class
    common = {"actor": deputy, "school": s["school"], "scope": "class"}
    with time_machine.travel(at(s["school"], MONDAY, 8), tick=False):
        announcement_publish(
            **common,
            target=school_class,
            audience="parents",
            title="Родительское собрание",
            text="В четверг в 18:00",
        )
        announcement_publish(
            **common,
            target=school_class,
            audience="students",
            title="Экскурсия",
            text="Берите сменную обувь",
        )
        # when
        client.force_login(parent_of(s["pupil"]))
        html = client.get(_week_url(s["pupil"])).content.decode()
    # then
    assert "Родительское собрание" in html and "Экскурсия" not in html
