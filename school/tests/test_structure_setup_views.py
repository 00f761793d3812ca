"""The pages the deputy, HR and class teachers use to set the year up (B1–B4, B7–B9)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from journal.permissions import can_keep_journal
from school.models import (
    CurriculumLine,
    GroupKind,
    GroupMembership,
    Holiday,
    PeriodScheme,
    Role,
    SchoolClass,
    StaffMember,
    Student,
    StudyGroup,
    TeachingAssignment,
)
from school.services import structure
from school.tests.factories import (
    SchoolFactory,
    SubjectFactory,
    admit,
    make_class,
    member,
)

D = datetime.date
TODAY = datetime.datetime(2026, 11, 24, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def school_class(deputy, year):
    school_class = make_class(deputy, year)
    admit(deputy, school_class, 2)
    return school_class


# --- Setting the year up ------------------------------------------------------


def test_deputy_sets_up_the_calendar(client, deputy, year):
    # given
    client.force_login(deputy)
    scheme = {
        "name": "Триместры",
        "kind": "trimester",
        "grade_from": 1,
        "grade_to": 4,
        "period1_name": "1 триместр",
        "period1_start": "01.09.2026",
        "period1_end": "28.11.2026",
        "period2_name": "2 триместр",
        "period2_start": "01.12.2026",
        "period2_end": "28.02.2027",
        "period3_name": "3 триместр",
        "period3_start": "01.03.2027",
        "period3_end": "26.05.2027",
    }
    holiday = {
        "kind": "extra",
        "name": "Дополнительные каникулы для 1 класса",
        "starts_on": "15.02.2027",
        "ends_on": "21.02.2027",
        "grade_from": 1,
        "grade_to": 1,
    }
    # when
    created = client.post(reverse("school:period-scheme-create"), scheme)
    broken = client.post(
        reverse("school:period-scheme-create"),
        {**scheme, "grade_from": 3, "grade_to": 5, "period3_end": ""},
    )
    clash = client.post(reverse("school:period-scheme-create"), scheme)
    added = client.post(reverse("school:holiday-create"), holiday)
    page = client.get(reverse("school:calendar"))
    # then
    assert created.status_code == 302
    assert broken.status_code == 200
    assert "обе даты" in broken.content.decode()
    assert "схема периодов уже задана" in clash.content.decode()
    assert added.status_code == 302
    assert PeriodScheme.objects.get().periods.count() == 3
    assert Holiday.objects.get().grade_to == 1
    text = page.content.decode()
    assert "28.11.2026" in text
    assert "timeline-holiday" in text
    assert "открыт" in text


def test_deputy_fills_the_reference_lists(client, deputy, school):
    # given
    client.force_login(deputy)
    # when
    responses = [
        client.post(
            reverse("school:subject-create"),
            {"name": "Основы финансовой грамотности", "component": "school"},
        ),
        client.post(reverse("school:room-create"), {"name": "204", "capacity": 30}),
        client.post(
            reverse("school:grading-scale-create"),
            {
                "name": "Безотметочное",
                "kind": "marks_free",
                "grade_from": 1,
                "grade_to": 1,
            },
        ),
        client.post(
            reverse("school:work-kind-create"),
            {
                "name": "Контрольная работа",
                "weight": "2,5",
                "deadline_days": 3,
                "is_control": "on",
            },
        ),
    ]
    page = client.get(reverse("school:reference")).content.decode()
    # then
    assert [r.status_code for r in responses] == [302] * 4
    assert "компонент ОУ" in page
    assert "без отметок" in page
    assert "н/а" in page and "осв" in page
    assert "2,5" in page
    assert "В 1 классе обучение безотметочное" not in page


def test_class_create_appoints_the_class_teacher(client, deputy, school, year):
    # given
    teacher = member(Role.TEACHER, school, last_name="Смирнова")
    client.force_login(deputy)
    # when
    response = client.post(
        reverse("school:class-create"),
        {
            "grade": 7,
            "letter": "в",
            "class_teacher": teacher.pk,
            "days_per_week": 5,
            "shift": 1,
        },
    )
    page = client.get(reverse("school:class-list")).content.decode()
    # then
    assert response.status_code == 302
    school_class = SchoolClass.objects.get(grade=7)
    assert school_class.letter == "В" and school_class.class_teacher == teacher
    assert "7В" in page and "Смирнова" in page


def test_class_teacher_forms_a_subgroup_of_own_class_only(
    client, school, deputy, year, school_class
):
    # given
    teacher = member(Role.TEACHER, school)
    structure.class_teacher_assign(
        actor=deputy, school_class=school_class, teacher=teacher
    )
    other = make_class(deputy, year, letter="Б")
    subject = SubjectFactory(school=school, name="Английский язык")
    pupil = Student.objects.filter(enrollments__school_class=school_class).first()
    client.force_login(teacher)
    data = {"kind": "subgroup", "name": "5А англ. 1", "subject": subject.pk}
    # when
    foreign = client.post(
        reverse("school:group-create"), {**data, "school_class": other.pk}
    )
    created = client.post(
        reverse("school:group-create"), {**data, "school_class": school_class.pk}
    )
    group = StudyGroup.objects.get(kind=GroupKind.SUBGROUP)
    added = client.post(
        reverse("school:group-member-add", args=[group.pk]),
        {"student": pupil.pk, "starts_on": "01.09.2026"},
    )
    membership = GroupMembership.objects.get(group=group)
    ended = client.post(
        reverse("school:group-member-end", args=[group.pk, membership.pk]),
        {"ends_on": "20.11.2026"},
    )
    whole = structure.whole_class_group(other)
    whole_add = client.get(reverse("school:group-member-add", args=[whole.pk]))
    page = client.get(reverse("school:group-detail", args=[group.pk])).content.decode()
    # then
    assert foreign.status_code == 200
    assert StudyGroup.objects.filter(kind=GroupKind.SUBGROUP).count() == 1
    assert created.status_code == 302
    assert group.school_class == school_class and group.grade == 5
    assert added.status_code == 302 and ended.status_code == 302
    membership.refresh_from_db()
    assert membership.ends_on == D(2026, 11, 20)
    assert whole_add.status_code == 404
    assert "20.11.2026" in page


def test_hr_hires_and_dismisses_and_deputy_only_reads(client, school):
    # given
    hr = member(Role.HR, school)
    deputy = member(Role.DEPUTY, school)
    client.force_login(hr)
    # when
    hired = client.post(
        reverse("school:staff-hire"),
        {
            "last_name": "Кузнецова",
            "first_name": "Ольга",
            "position": "teacher",
            "hired_on": "25.08.2026",
            "hire_order": "101-к",
        },
    )
    staff = StaffMember.objects.get(user__last_name="Кузнецова")
    dismissed = client.post(
        reverse("school:staff-dismiss", args=[staff.pk]),
        {"dismissed_on": "20.11.2026", "dismissal_order": "130-к"},
    )
    client.force_login(deputy)
    page = client.get(reverse("school:staff-list")).content.decode()
    deputy_hire = client.get(reverse("school:staff-hire"))
    # then
    assert hired.status_code == 302 and dismissed.status_code == 302
    staff.refresh_from_db()
    assert staff.dismissed_on == D(2026, 11, 20) and staff.dismissal_order == "130-к"
    assert "101-к" in page and "130-к" in page and "structure-form" not in page
    assert deputy_hire.status_code == 404


def test_curriculum_and_load(client, school, deputy, year, school_class):
    # given
    teacher = member(Role.TEACHER, school, last_name="Орлова")
    subject = SubjectFactory(school=school, name="Математика")
    group = structure.whole_class_group(school_class)
    client.force_login(deputy)
    # when
    line = client.post(
        reverse("school:curriculum-set"),
        {"subject": subject.pk, "grade": 5, "hours_per_week": "4,5"},
    )
    load = client.post(
        reverse("school:load-create"),
        {
            "teacher": teacher.pk,
            "subject": subject.pk,
            "group": group.pk,
            "hours_per_week": "5",
            "starts_on": "01.09.2026",
        },
    )
    assignment = TeachingAssignment.objects.get()
    load_page = client.get(reverse("school:load")).content.decode()
    ended = client.post(
        reverse("school:load-end", args=[assignment.pk]), {"ends_on": "23.11.2026"}
    )
    table = client.get(reverse("school:curriculum")).content.decode()
    # then
    assert line.status_code == 302 and load.status_code == 302
    assert CurriculumLine.objects.get().hours_per_week == 4.5
    assert "Орлова" in load_page and "structure-form" in load_page
    assert ended.status_code == 302
    assert TeachingAssignment.objects.get().ends_on == D(2026, 11, 23)
    group, subject = assignment.group, assignment.subject
    assert can_keep_journal(teacher, group, subject, D(2026, 11, 23))
    assert not can_keep_journal(teacher, group, subject, D(2026, 11, 24))
    assert "4,5" in table


def test_pages_without_a_current_year_say_so(client, db):
    # given
    school = SchoolFactory()
    deputy = member(Role.DEPUTY, school)
    client.force_login(deputy)
    # when
    response = client.get(reverse("school:class-list"))
    # then
    assert response.status_code == 200
    assert "учебный год" in response.content.decode()
