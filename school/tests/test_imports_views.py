import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from school import imports
from school.models import Event, ImportJob, ImportStatus, Role, Student
from school.selectors.imports import EXPORT_KINDS
from school.services.imports import (
    export_workbook,
    import_job_apply,
    import_job_create,
)
from school.services.structure import school_class_create
from school.tests.factories import (
    AcademicYearFactory,
    history_count,
    import_csv,
    member,
)

pytestmark = pytest.mark.django_db

SAMPLES = Path(settings.BASE_DIR) / "docs" / "samples"
ORDER = ("subjects", "staff", "students", "guardians", "groups")
STUDENT_ROW = ["Орлов", "Илья", "", "", "м", "5А", "1", "01.09.2026", "1", "28.08.2026"]


@pytest.fixture
def classes(school, director):
    year = school.academic_years.get()
    for grade, letter in ((5, "А"), (5, "Б"), (6, "А")):
        school_class_create(actor=director, year=year, grade=grade, letter=letter)


def _students_file(*rows):
    headers = [c.header for c in imports.get("students").COLUMNS]
    return import_csv([headers, *rows])


def _job(actor, school, content):
    return import_job_create(
        actor=actor, school=school, kind="students", file_name="a.csv", content=content
    )


def test_upload_preview_and_apply_through_the_pages(client, school, deputy, classes):
    # given
    client.force_login(deputy)
    upload = SimpleUploadedFile("5А.csv", _students_file(STUDENT_ROW))
    # when
    response = client.post(
        reverse("school:import-list"), {"kind": "students", "file": upload}
    )
    job = ImportJob.objects.get()
    preview = client.get(response.url)
    applied = client.post(response.url, follow=True)
    # then
    assert response.url == reverse("school:import-detail", args=[job.pk])
    assert "Орлов Илья, 5А" in preview.content.decode()
    assert job.status == ImportStatus.READY
    assert "Список загружен." in applied.content.decode()
    assert Student.objects.get().record_number == "1"
    assert client.get(reverse("school:import-list")).status_code == 200


def test_error_table_lists_each_bad_row(client, school, deputy, classes):
    # given
    bad = [*STUDENT_ROW]
    bad[5], bad[7] = "5Я", "31.02.2026"
    job = _job(deputy, school, _students_file(bad, STUDENT_ROW))
    client.force_login(deputy)
    # when
    page = client.get(reverse("school:import-detail", args=[job.pk])).content.decode()
    # then
    assert "В текущем учебном году нет класса «5Я»." in page
    assert "«31.02.2026» — неверная дата" in page
    assert "Номер личного дела «1» уже указан в строке 2." in page


def test_another_schools_job_is_404(client, school, deputy, other_school):
    # given
    AcademicYearFactory(school=other_school)
    stranger = member(Role.DEPUTY, other_school)
    job = _job(stranger, other_school, _students_file(STUDENT_ROW))
    client.force_login(deputy)
    url = reverse("school:import-detail", args=[job.pk])
    # when / then
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert ImportJob.objects.get().status == ImportStatus.INVALID


def test_teacher_gets_404_everywhere_and_writes_nothing(
    client, school, teacher, deputy, classes
):
    # given
    job = _job(deputy, school, _students_file(STUDENT_ROW))
    client.force_login(teacher)
    history, events = history_count(), Event.objects.count()
    upload = SimpleUploadedFile("a.csv", _students_file(STUDENT_ROW))
    # when
    responses = [
        client.get(reverse("school:import-list")),
        client.post(
            reverse("school:import-list"), {"kind": "students", "file": upload}
        ),
        client.post(reverse("school:import-detail", args=[job.pk])),
        client.get(reverse("school:export", args=["students"])),
    ]
    # then
    assert [r.status_code for r in responses] == [404] * 4
    assert ImportJob.objects.count() == 1
    assert not Student.objects.exists()
    assert history_count() == history and Event.objects.count() == events


def test_hr_sees_only_staff(client, school):
    # given
    hr = member(Role.HR, school)
    client.force_login(hr)
    # when
    page = client.get(reverse("school:import-list"))
    students = client.get(reverse("school:export", args=["students"]))
    staff = client.get(reverse("school:export", args=["staff"]))
    # then
    assert list(page.context["form"].fields["kind"].choices) == [
        ("staff", "Сотрудники")
    ]
    assert students.status_code == 404 and staff.status_code == 200


def test_export_reads_back_with_import_headers(client, school, deputy, classes):
    # given
    import_job_apply(
        actor=deputy, job=_job(deputy, school, _students_file(STUDENT_ROW))
    )
    client.force_login(deputy)
    # when
    response = client.get(reverse("school:export", args=["students"]))
    # then
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    headers = [c.value for c in sheet[1]]
    assert headers == [c.header for c in imports.get("students").COLUMNS]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["G"].width >= len("Номер личного дела")
    row = [c.value for c in sheet[2]]
    assert row[:3] == ["Орлов", "Илья", None]
    assert row[5:7] == ["5А", "1"]
    assert row[7].date().isoformat() == "2026-09-01"
    event = Event.objects.get(code="reports.export")
    assert event.params["kind"] == "students" and event.actor == deputy


def test_unknown_export_kind_is_404(client, school, deputy):
    client.force_login(deputy)
    assert client.get(reverse("school:export", args=["marks"])).status_code == 404


def test_samples_import_and_export_round_trip_unchanged(school, director, classes):
    # given: every sample file imported in order
    for kind in ORDER:
        content = (SAMPLES / f"{kind}.xlsx").read_bytes()
        job = import_job_create(
            actor=director, school=school, kind=kind, file_name="s", content=content
        )
        assert job.status == ImportStatus.READY, (kind, job.errors)
        assert import_job_apply(actor=director, job=job).status == "applied"
    history = history_count()
    # when / then: each export re-imports with every row unchanged
    for kind in EXPORT_KINDS:
        content = export_workbook(actor=director, school=school, kind=kind)
        job = import_job_create(
            actor=director, school=school, kind=kind, file_name="e", content=content
        )
        assert job.status == ImportStatus.READY, (kind, job.errors)
        assert job.summary["unchanged"] > 0, kind
        assert (job.summary["create"], job.summary["update"]) == (0, 0), kind
        import_job_apply(actor=director, job=job)
    assert history_count() == history


def test_csv_samples_import_cleanly(school, director, classes):
    for kind in ORDER:
        content = (SAMPLES / f"{kind}.csv").read_bytes()
        job = import_job_create(
            actor=director, school=school, kind=kind, file_name="s", content=content
        )
        assert import_job_apply(actor=director, job=job).status == "applied", (
            kind,
            job.errors,
        )
