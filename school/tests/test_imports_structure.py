import datetime

import pytest

from school.models import GroupKind, GroupMembership, ImportStatus, StudyGroup, Subject
from school.services.imports import import_job_apply, import_job_create
from school.services.people import student_admit
from school.services.structure import school_class_create, subject_create
from school.tests.factories import history_count, import_csv

pytestmark = pytest.mark.django_db

GROUP_HEADERS = [
    "Группа",
    "Вид",
    "Класс",
    "Предмет",
    "Параллель",
    "Номера личных дел",
    "Дата начала",
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


@pytest.fixture
def setup(school, director):
    year = school.academic_years.get()
    classes = {
        name: school_class_create(actor=director, year=year, grade=5, letter=name[1])
        for name in ("5А", "5Б")
    }
    for index, name in enumerate(("5А", "5А", "5Б"), start=1):
        student_admit(
            actor=director,
            school_class=classes[name],
            starts_on=datetime.date(2026, 9, 1),
            order="45-у",
            order_date=datetime.date(2026, 8, 28),
            record_number=f"10{index}",
            last_name="Ученик",
            first_name=str(index),
        )
    english = subject_create(
        actor=director, school=school, name="Английский язык", component="federal"
    )
    return classes, english


def test_subjects_are_created_then_updated(school, director):
    # given
    rows = [
        ["предмет", "СОКРАЩЕНИЕ", "Компонент"],
        ["Математика", "Мат", "ФБУП"],
        ["Робототехника", "Робот", "компонент ОУ"],
        ["История", "", ""],
    ]
    # when
    job, applied = _run(director, school, "subjects", rows)
    rows[1][1] = "Матем."
    again, _ = _run(director, school, "subjects", rows)
    # then
    assert job.summary["create"] == 3 and applied.status == ImportStatus.APPLIED
    assert Subject.objects.get(name="Робототехника").component == "school"
    assert Subject.objects.get(name="История").component == "federal"
    assert again.summary == {**again.summary, "update": 1, "unchanged": 2}
    assert Subject.objects.get(name="Математика").short_name == "Матем."


def test_subjects_errors(school, director):
    # given
    rows = [
        ["Предмет", "Сокращение", "Компонент"],
        ["Математика", "Мат", "региональный"],
        ["математика", "", ""],
    ]
    # when
    job, _ = _run(director, school, "subjects", rows)
    # then
    assert [(e["row"], e["column"]) for e in job.errors] == [
        (2, "Компонент"),
        (3, "Предмет"),
    ]
    assert not Subject.objects.exists()


def test_groups_are_created_with_their_pupils(school, director, setup):
    # given
    rows = [
        GROUP_HEADERS,
        [
            "5А англ. 1",
            "подгруппа",
            "5А",
            "Английский язык",
            "",
            "101, 102",
            "01.09.2026",
        ],
        ["Кружок 5", "кружок", "", "", "5", "101;103", "01.09.2026"],
        ["ИУП 5", "ИУП", "", "", "5", "", ""],
    ]
    # when
    job, applied = _run(director, school, "groups", rows)
    # then
    assert job.summary["create"] == 3
    assert applied.status == ImportStatus.APPLIED
    sub = StudyGroup.objects.get(name="5А англ. 1")
    assert sub.kind == GroupKind.SUBGROUP and sub.school_class.name == "5А"
    assert sub.subject == setup[1] and sub.grade == 5
    assert set(sub.memberships.values_list("student__record_number", flat=True)) == {
        "101",
        "102",
    }
    club = StudyGroup.objects.get(name="Кружок 5")
    assert club.memberships.count() == 2


def test_groups_reimport_adds_only_new_pupils(school, director, setup):
    # given
    row = ["Кружок 5", "кружок", "", "", "5", "101", "01.09.2026"]
    _run(director, school, "groups", [GROUP_HEADERS, row])
    history = history_count()
    same, _ = _run(director, school, "groups", [GROUP_HEADERS, row])
    assert same.summary["unchanged"] == 1 and history_count() == history
    # when
    row[5] = "101, 103"
    job, _ = _run(director, school, "groups", [GROUP_HEADERS, row])
    # then
    assert job.summary["update"] == 1
    assert GroupMembership.objects.filter(group__name="Кружок 5").count() == 2


def test_group_errors_are_all_reported(school, director, setup):
    # given
    rows = [
        GROUP_HEADERS,
        [
            "5А англ. 1",
            "подгруппа",
            "5А",
            "Английский язык",
            "",
            "101, 103",
            "01.09.2026",
        ],
        ["5Я англ.", "подгруппа", "5Я", "Китайский", "", "", ""],
        ["Поток", "поток", "", "", "", "999", ""],
        ["5А", "кружок", "", "", "5", "", ""],
        ["Что-то", "секция", "", "", "5", "", ""],
    ]
    # when
    job, _ = _run(director, school, "groups", rows)
    # then
    assert [(e["row"], e["column"]) for e in job.errors] == [
        (2, "Номера личных дел"),
        (3, "Класс"),
        (3, "Предмет"),
        (4, "Номера личных дел"),
        (4, "Дата начала"),
        (5, "Группа"),
        (6, "Вид"),
    ]
    assert "«103»" in job.errors[0]["message"]
    assert not StudyGroup.objects.exclude(kind=GroupKind.CLASS).exists()
