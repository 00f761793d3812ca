import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied

from school.errors import ApplicationError
from school.models import (
    Enrollment,
    Event,
    ImportJob,
    ImportStatus,
    Student,
    User,
)
from school.services.imports import import_job_apply, import_job_create
from school.services.people import student_admit
from school.services.structure import school_class_create
from school.tests.factories import history_count, import_csv, import_xlsx

pytestmark = pytest.mark.django_db

HEADERS = [
    "Фамилия",
    "Имя",
    "Отчество",
    "Дата рождения",
    "Пол",
    "Класс",
    "Номер личного дела",
    "Дата зачисления",
    "Номер приказа",
    "Дата приказа",
]
ROWS = [
    HEADERS,
    [
        "Смирнова",
        "Анна",
        "Олеговна",
        "12.03.2015",
        "ж",
        "5А",
        "101",
        "01.09.2026",
        "45-у",
        "28.08.2026",
    ],
    [
        "Кузнецов",
        "Пётр",
        "",
        "05.07.2015",
        "м",
        "5 б",
        "102",
        "01.09.2026",
        "45-у",
        "28.08.2026",
    ],
]


@pytest.fixture
def classes(school, director):
    year = school.academic_years.get()
    return {
        letter: school_class_create(actor=director, year=year, grade=5, letter=letter)
        for letter in ("А", "Б")
    }


def _upload(actor, school, content, kind="students"):
    return import_job_create(
        actor=actor, school=school, kind=kind, file_name="list.csv", content=content
    )


def test_students_file_is_checked_then_applied(school, director, classes):
    # given
    job = _upload(director, school, import_csv(ROWS))
    assert job.status == ImportStatus.READY, job.errors
    assert job.summary["create"] == 2
    assert not Student.objects.filter(school=school).exists()
    # when
    job = import_job_apply(actor=director, job=job)
    # then
    assert job.status == ImportStatus.APPLIED and job.applied_at
    anna = Student.objects.get(school=school, record_number="101")
    assert anna.user.get_full_name() == "Смирнова Анна Олеговна"
    assert anna.birth_date == datetime.date(2015, 3, 12)
    assert anna.gender == "f"
    enrollment = Enrollment.objects.get(student__record_number="102")
    assert enrollment.school_class == classes["Б"]
    assert enrollment.start_order == "45-у"
    event = Event.objects.get(code="school.import.applied")
    assert event.params == {"kind": "students", "job": job.pk, "create": 2, "update": 0}


def test_broken_file_reports_every_bad_row_and_writes_nothing(
    school, director, classes
):
    # given
    rows = [
        HEADERS,
        [
            "Смирнова",
            "Анна",
            "",
            "12.03.2015",
            "ж",
            "5Я",
            "101",
            "01.09.2026",
            "1",
            "28.08.2026",
        ],
        [
            "Кузнецов",
            "Пётр",
            "",
            "31.02.2015",
            "м",
            "5А",
            "102",
            "01.09.2026",
            "1",
            "28.08.2026",
        ],
        ["Орлов", "Илья", "", "", "x", "5А", "102", "01.09.2026", "1", "28.08.2026"],
        ["", "Ольга", "", "", "", "5Б", "104", "", "", ""],
        ["", "", "", "", "", "", "", "", "", ""],
    ]
    users, history = User.objects.count(), history_count()
    # when
    job = _upload(director, school, import_csv(rows))
    # then
    assert job.status == ImportStatus.INVALID
    found = {(e["row"], e["column"]) for e in job.errors}
    assert found == {
        (2, "Класс"),
        (3, "Дата рождения"),
        (4, "Пол"),
        (4, "Номер личного дела"),
        (5, "Фамилия"),
    }
    messages = " ".join(e["message"] for e in job.errors)
    assert "«5Я»" in messages and "«31.02.2015»" in messages
    assert "строке 3" in messages
    assert not Student.objects.exists()
    assert User.objects.count() == users
    assert history_count() == history
    with pytest.raises(ApplicationError):
        import_job_apply(actor=director, job=job)


def test_new_pupil_needs_admission_order(school, director, classes):
    # given
    rows = [HEADERS, ["Орлов", "Илья", "", "", "", "5А", "103", "", "", ""]]
    # when
    job = _upload(director, school, import_csv(rows))
    # then
    assert job.status == ImportStatus.INVALID
    assert {e["column"] for e in job.errors} == {
        "Дата зачисления",
        "Номер приказа",
        "Дата приказа",
    }


def test_reimport_changes_nothing_and_writes_no_history(school, director, classes):
    # given
    import_job_apply(actor=director, job=_upload(director, school, import_csv(ROWS)))
    history, events = history_count(), Event.objects.count()
    # when
    job = import_job_apply(
        actor=director, job=_upload(director, school, import_csv(ROWS))
    )
    # then
    assert job.status == ImportStatus.APPLIED
    assert job.summary["unchanged"] == 2
    assert job.summary["create"] == job.summary["update"] == 0
    assert history_count() == history
    assert Event.objects.count() == events + 1  # only school.import.applied


def test_changed_name_is_updated_with_history(school, director, classes):
    # given
    import_job_apply(actor=director, job=_upload(director, school, import_csv(ROWS)))
    rows = [HEADERS, [*ROWS[1]], [*ROWS[2]]]
    rows[1][0] = "Смирнова-Орлова"
    rows[2][3] = "06.07.2015"
    # when
    job = _upload(director, school, import_csv(rows))
    applied = import_job_apply(actor=director, job=job)
    # then
    assert job.summary["update"] == 2
    assert job.summary["rows"][0]["changed"] == ["Фамилия"]
    assert applied.status == ImportStatus.APPLIED
    anna = Student.objects.get(record_number="101")
    assert anna.user.last_name == "Смирнова-Орлова"
    assert anna.user.history.first().history_user == director
    assert Student.objects.get(record_number="102").birth_date.day == 6


def test_job_is_applied_only_once(school, director, classes):
    # given
    job = import_job_apply(
        actor=director, job=_upload(director, school, import_csv(ROWS))
    )
    history = history_count()
    # when / then
    with pytest.raises(ApplicationError):
        import_job_apply(actor=director, job=job)
    assert history_count() == history
    assert Event.objects.filter(code="school.import.applied").count() == 1


def test_apply_rechecks_and_rolls_back_everything(school, director, classes):
    # given: a pupil of the file was admitted into another class after the upload
    job = _upload(director, school, import_csv(ROWS))
    student_admit(
        actor=director,
        school_class=classes["Б"],
        starts_on=datetime.date(2026, 9, 1),
        order="1",
        order_date=datetime.date(2026, 8, 28),
        record_number="101",
        last_name="Смирнова",
        first_name="Анна",
    )
    students, history = Student.objects.count(), history_count()
    # when
    job = import_job_apply(actor=director, job=job)
    # then
    assert job.status == ImportStatus.INVALID
    assert job.errors[0]["row"] == 2 and "5Б" in job.errors[0]["message"]
    assert Student.objects.count() == students
    assert history_count() == history
    assert not Event.objects.filter(code="school.import.applied").exists()


def test_teacher_may_not_import(school, teacher, classes):
    # given
    history = history_count()
    # when / then
    with pytest.raises(PermissionDenied):
        _upload(teacher, school, import_csv(ROWS))
    assert not ImportJob.objects.exists()
    assert not Student.objects.exists()
    assert history_count() == history


def test_cp1251_csv_with_semicolons(school, director, classes):
    # given
    content = import_csv(ROWS, encoding="cp1251", delimiter=";")
    # when
    job = import_job_apply(actor=director, job=_upload(director, school, content))
    # then
    assert job.status == ImportStatus.APPLIED
    assert Student.objects.get(record_number="102").user.first_name == "Пётр"


def test_xlsx_with_excel_date_cells(school, director, classes):
    # given
    row = [*ROWS[1]]
    row[3], row[7], row[9] = (
        datetime.datetime(2015, 3, 12),
        datetime.date(2026, 9, 1),
        datetime.date(2026, 8, 28),
    )
    row[6] = 101  # a number cell
    content = import_xlsx([HEADERS, row])
    # when
    job = import_job_apply(actor=director, job=_upload(director, school, content))
    # then
    assert job.status == ImportStatus.APPLIED
    anna = Student.objects.get(record_number="101")
    assert anna.birth_date == datetime.date(2015, 3, 12)
    assert anna.enrollments.get().start_order_date == datetime.date(2026, 8, 28)


@pytest.mark.parametrize("name", ["students.xlsx", "students.csv"])
def test_students_sample_imports_cleanly(school, director, name):
    # given
    year = school.academic_years.get()
    for grade, letter in ((5, "А"), (5, "Б"), (6, "А")):
        school_class_create(actor=director, year=year, grade=grade, letter=letter)
    content = (Path(settings.BASE_DIR) / "docs" / "samples" / name).read_bytes()
    # when
    job = import_job_apply(actor=director, job=_upload(director, school, content))
    # then
    assert job.status == ImportStatus.APPLIED, job.errors
    assert job.summary["create"] == Student.objects.filter(school=school).count() > 5
