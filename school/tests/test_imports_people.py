import datetime

import pytest
from django.core.exceptions import PermissionDenied

from school.models import (
    Guardian,
    GuardianRelation,
    ImportJob,
    ImportStatus,
    Membership,
    Relation,
    Role,
    StaffMember,
)
from school.services.imports import import_job_apply, import_job_create
from school.services.people import student_admit
from school.services.structure import school_class_create
from school.tests.factories import history_count, import_csv, member

pytestmark = pytest.mark.django_db

GUARDIAN_HEADERS = [
    "Номер личного дела ученика",
    "Фамилия",
    "Имя",
    "Отчество",
    "Кем приходится",
    "Телефон",
    "Эл. почта",
]
STAFF_HEADERS = [
    "Фамилия",
    "Имя",
    "Отчество",
    "Должность",
    "Дата приёма",
    "Номер приказа",
    "Телефон",
    "Эл. почта",
]


@pytest.fixture
def pupils(school, director):
    year = school.academic_years.get()
    school_class = school_class_create(actor=director, year=year, grade=5, letter="А")
    return [
        student_admit(
            actor=director,
            school_class=school_class,
            starts_on=datetime.date(2026, 9, 1),
            order="45-у",
            order_date=datetime.date(2026, 8, 28),
            record_number=record,
            last_name=last_name,
            first_name="Ребёнок",
        )
        for record, last_name in (("101", "Смирнова"), ("102", "Кузнецов"))
    ]


def _run(actor, school, kind, rows):
    job = import_job_create(
        actor=actor,
        school=school,
        kind=kind,
        file_name="list.csv",
        content=import_csv(rows),
    )
    return job, (
        import_job_apply(actor=actor, job=job) if job.status == "ready" else job
    )


def test_guardians_are_linked_and_a_parent_of_two_is_one_person(
    school, director, pupils
):
    # given
    rows = [
        GUARDIAN_HEADERS,
        [
            "101",
            "Смирнова",
            "Ирина",
            "Владимировна",
            "мать",
            "+7 901 1",
            "a@example.ru",
        ],
        ["101", "Смирнов", "Олег", "", "Отец", "", ""],
        ["102", "Смирнова", "Ирина", "Владимировна", "опекун", "+7 901 1", ""],
    ]
    # when
    job, applied = _run(director, school, "guardians", rows)
    # then
    assert job.summary["create"] == 3
    assert applied.status == ImportStatus.APPLIED
    assert Guardian.objects.filter(school=school).count() == 2
    irina = Guardian.objects.get(user__first_name="Ирина")
    assert irina.phone == "+7 901 1" and irina.email == "a@example.ru"
    assert set(irina.relations.values_list("relation", flat=True)) == {
        Relation.MOTHER,
        Relation.GUARDIAN,
    }
    assert Membership.objects.filter(user=irina.user, role=Role.PARENT).exists()


def test_guardian_phone_and_relation_are_updated(school, director, pupils):
    # given
    row = ["101", "Смирнова", "Ирина", "", "мать", "+7 901 1", ""]
    _run(director, school, "guardians", [GUARDIAN_HEADERS, row])
    history = history_count()
    # when
    unchanged, _ = _run(director, school, "guardians", [GUARDIAN_HEADERS, row])
    row = ["101", "СМИРНОВА", "ирина", "", "опекун", "+7 901 2", ""]
    job, _applied = _run(director, school, "guardians", [GUARDIAN_HEADERS, row])
    # then
    assert unchanged.summary["unchanged"] == 1
    assert job.summary["update"] == 1
    assert job.summary["rows"][0]["changed"] == ["Кем приходится", "Телефон"]
    link = GuardianRelation.objects.get()
    assert link.relation == Relation.GUARDIAN
    assert link.guardian.phone == "+7 901 2"
    assert history_count() == history + 2


def test_guardian_errors_are_all_reported(school, director, pupils):
    # given
    rows = [
        GUARDIAN_HEADERS,
        ["999", "Смирнова", "Ирина", "", "мать", "", ""],
        ["101", "Смирнова", "Ирина", "", "тётя", "", "not-an-email"],
        ["102", "Петров", "Иван", "", "отец", "", ""],
        ["102", "Петров", "Иван", "", "отец", "", ""],
    ]
    # when
    job, _ = _run(director, school, "guardians", rows)
    # then
    assert job.status == ImportStatus.INVALID
    assert [(e["row"], e["column"]) for e in job.errors] == [
        (2, "Номер личного дела ученика"),
        (3, "Кем приходится"),
        (3, "Эл. почта"),
        (5, "Фамилия"),
    ]
    assert "мать, отец, усыновитель, опекун" in job.errors[1]["message"]
    assert not Guardian.objects.exists()


def test_staff_are_hired_with_roles(school, director):
    # given
    rows = [
        STAFF_HEADERS,
        [
            "Сидорова",
            "Елена",
            "Викторовна",
            "заместитель директора",
            "25.08.2018",
            "31-к",
            "+7 900 2",
            "sidorova@example.ru",
        ],
        ["Сидорова", "Елена", "Викторовна", "Учитель", "30.08.2010", "8-к", "", ""],
        ["Петров", "Сергей", "", "учитель", "26.08.2020", "", "", ""],
    ]
    # when
    job, applied = _run(director, school, "staff", rows)
    # then
    assert job.summary["create"] == 3
    assert applied.status == ImportStatus.APPLIED
    elena = StaffMember.objects.filter(user__last_name="Сидорова")
    assert elena.count() == 2 and len({s.user_id for s in elena}) == 1
    deputy = elena.get(position="deputy")
    assert deputy.hire_order == "31-к" and deputy.user.email == "sidorova@example.ru"
    roles = set(
        Membership.objects.filter(user=deputy.user).values_list("role", flat=True)
    )
    assert roles == {Role.DEPUTY, Role.TEACHER}


def test_staff_reimport_updates_phone_only(school, director):
    # given
    row = ["Петров", "Сергей", "", "учитель", "26.08.2020", "", "", ""]
    _run(director, school, "staff", [STAFF_HEADERS, row])
    history = history_count()
    # when
    same, _ = _run(director, school, "staff", [STAFF_HEADERS, row])
    history_after_same = history_count()
    row[6] = "+7 900 3"
    job, _ = _run(director, school, "staff", [STAFF_HEADERS, row])
    # then
    assert same.summary["unchanged"] == 1 and history_after_same == history
    assert job.summary["update"] == 1
    assert StaffMember.objects.get(user__last_name="Петров").phone == "+7 900 3"


def test_staff_errors_unknown_position_and_missing_hire_date(school, director):
    # given
    rows = [
        STAFF_HEADERS,
        ["Петров", "Сергей", "", "дворник", "26.08.2020", "", "", ""],
        ["Иванова", "Мария", "", "учитель", "", "", "", ""],
    ]
    # when
    job, _ = _run(director, school, "staff", rows)
    # then
    assert [(e["row"], e["column"]) for e in job.errors] == [
        (2, "Должность"),
        (3, "Дата приёма"),
    ]
    assert not StaffMember.objects.exists()


def test_hr_imports_staff_but_not_pupils(school):
    # given
    hr = member(Role.HR, school)
    row = ["Петров", "Сергей", "", "учитель", "26.08.2020", "", "", ""]
    # when
    _job, applied = _run(hr, school, "staff", [STAFF_HEADERS, row])
    # then
    assert applied.status == ImportStatus.APPLIED
    history = history_count()
    with pytest.raises(PermissionDenied):
        _run(hr, school, "guardians", [GUARDIAN_HEADERS])
    assert ImportJob.objects.filter(kind="guardians").count() == 0
    assert history_count() == history
