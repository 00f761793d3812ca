import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied

from school.models import ImportJob, ImportStatus, Role, TimetableEntry, User
from school.services.imports import import_job_apply, import_job_create
from school.services.structure import room_create, school_class_create
from school.tests.factories import history_count, import_csv, member

pytestmark = pytest.mark.django_db

SAMPLES = Path(settings.BASE_DIR) / "docs" / "samples"
HEADERS = [
    "Класс/группа",
    "День недели",
    "Урок",
    "Предмет",
    "Учитель",
    "Кабинет",
    "Действует с",
]


def _run(actor, school, kind, content):
    job = import_job_create(
        actor=actor, school=school, kind=kind, file_name="f", content=content
    )
    if job.status == ImportStatus.READY:
        return import_job_apply(actor=actor, job=job)
    return job


@pytest.fixture
def loaded(school, director):
    """The sample school: classes, subjects, staff, pupils and groups."""
    year = school.academic_years.get()
    for grade, letter in ((5, "А"), (5, "Б"), (6, "А")):
        school_class_create(actor=director, year=year, grade=grade, letter=letter)
    room_create(actor=director, school=school, name="204")
    for kind in ("subjects", "staff", "students", "groups"):
        job = _run(director, school, kind, (SAMPLES / f"{kind}.xlsx").read_bytes())
        assert job.status == ImportStatus.APPLIED, (kind, job.errors)
    return director


@pytest.mark.parametrize("name", ["timetable.xlsx", "timetable.csv"])
def test_timetable_sample_imports_and_reimports_unchanged(school, loaded, name):
    # given
    content = (SAMPLES / name).read_bytes()
    # when
    job = _run(loaded, school, "timetable", content)
    history = history_count()
    again = _run(loaded, school, "timetable", content)
    # then
    assert job.status == ImportStatus.APPLIED, job.errors
    assert job.summary["create"] == TimetableEntry.objects.count() == 6
    monday = TimetableEntry.objects.get(group__name="5Б", weekday=1, lesson_number=1)
    assert monday.teacher.last_name == "Петров"
    assert monday.subject.name == "Математика"
    assert again.summary["unchanged"] == 6
    assert history_count() == history


def test_timetable_errors_are_all_reported(school, loaded):
    # given
    rows = [
        HEADERS,
        ["5Я", "пн", "1", "Математика", "Петров С. Н.", "", "01.09.2026"],
        ["5А", "воскресенье", "13", "Математика", "Петров С. Н.", "", "01.09.2026"],
        ["5А", "пн", "1", "Химия", "Пушкин А. С.", "999", "01.09.2027"],
        ["5А", "пн", "1", "Математика", "Петров С. Н.", "204", "01.09.2026"],
        ["5А", "Понедельник", "1", "Математика", "Иванова М. П.", "", "01.09.2026"],
        ["5Б", "пн", "1", "Математика", "Петров Сергей Николаевич", "", "01.09.2026"],
    ]
    # when
    job = _run(loaded, school, "timetable", import_csv(rows, delimiter=";"))
    # then
    assert job.status == ImportStatus.INVALID
    assert [(e["row"], e["column"]) for e in job.errors] == [
        (2, "Класс/группа"),
        (3, "День недели"),
        (3, "Урок"),
        (4, "Предмет"),
        (4, "Учитель"),
        (4, "Кабинет"),
        (4, "Действует с"),
        (6, "Урок"),
        (7, "Учитель"),
    ]
    assert not TimetableEntry.objects.exists()


def test_changed_teacher_from_a_date_keeps_the_past(school, loaded):
    # given
    row = ["5А", "пн", "1", "Математика", "Петров С. Н.", "", "01.09.2026"]
    _run(loaded, school, "timetable", import_csv([HEADERS, row]))
    # when
    row[4], row[6] = "Иванова М. П.", "01.10.2026"
    job = _run(loaded, school, "timetable", import_csv([HEADERS, row]))
    # then
    assert job.status == ImportStatus.APPLIED, job.errors
    assert job.summary["update"] == 1
    old, new = TimetableEntry.objects.order_by("starts_on")
    assert old.ends_on == datetime.date(2026, 9, 30)
    assert old.teacher.last_name == "Петров"
    assert new.teacher.last_name == "Иванова" and new.ends_on is None


def test_clash_found_when_applying_rolls_everything_back(school, loaded):
    # given: the preview is fine, then the teacher is booked at that time
    rows = [
        HEADERS,
        ["5Б", "вт", "2", "История", "Сидорова Е. В.", "", "01.09.2026"],
        ["5А", "пн", "1", "Математика", "Петров С. Н.", "", "01.09.2026"],
    ]
    job = import_job_create(
        actor=loaded,
        school=school,
        kind="timetable",
        file_name="f",
        content=import_csv(rows),
    )
    clash = [HEADERS, ["6А", "пн", "1", "История", "Петров С. Н.", "", "01.09.2026"]]
    _run(loaded, school, "timetable", import_csv(clash))
    history = history_count()
    # when
    job = import_job_apply(actor=loaded, job=job)
    # then
    assert job.status == ImportStatus.INVALID
    assert job.errors[0]["row"] == 3
    assert TimetableEntry.objects.count() == 1
    assert history_count() == history


def test_sysadmin_may_import_lists_but_not_the_timetable(school, loaded):
    # given
    sysadmin = member(Role.SYSADMIN, school)
    row = ["5А", "пн", "1", "Математика", "Петров С. Н.", "", "01.09.2026"]
    users, history = User.objects.count(), history_count()
    # when / then
    with pytest.raises(PermissionDenied):
        _run(sysadmin, school, "timetable", import_csv([HEADERS, row]))
    assert not ImportJob.objects.filter(kind="timetable").exists()
    assert not TimetableEntry.objects.exists()
    assert (User.objects.count(), history_count()) == (users, history)
