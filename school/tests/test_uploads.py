"""Uploads and imports are bounded: size, rows, columns, cells, errors, preview."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from school import imports, uploads
from school.models import ImportJob, ImportStatus, Role
from school.services import plans
from school.services.imports import import_job_create
from school.services.structure import school_class_create
from school.tests.factories import import_csv, import_xlsx, member

pytestmark = pytest.mark.django_db

HEADERS = [c.header for c in imports.get("students").COLUMNS]


def _row(number: int, school_class: str = "5А") -> list[str]:
    return [
        "Орлов",
        f"Илья{number}",
        "",
        "",
        "м",
        school_class,
        str(number),
        "01.09.2026",
        "1",
        "28.08.2026",
    ]


@pytest.fixture
def deputy(school):
    return member(Role.DEPUTY, school)


@pytest.fixture
def classes(school, director):
    year = school.academic_years.get()
    school_class_create(actor=director, year=year, grade=5, letter="А")


def _create(actor, school, content, name="a.csv"):
    return import_job_create(
        actor=actor, school=school, kind="students", file_name=name, content=content
    )


def _refused(job: ImportJob) -> str:
    """The job keeps one message for the whole file and none of its content."""
    assert job.status == ImportStatus.INVALID
    assert len(job.errors) == 1 and job.errors[0]["row"] is None
    assert bytes(job.content) == b""
    return job.errors[0]["message"]


def test_a_csv_row_of_600000_cells_is_refused_naming_the_limit(school, deputy):
    # given: a header and one row of 600,000 cells (1.2 MB)
    content = import_csv([HEADERS]) + b"," * 600_000 + b"x\r\n"
    # when
    job = _create(deputy, school, content)
    # then
    message = _refused(job)
    assert "50" in message and "строк" in message.lower()
    assert len(str(job.errors)) < 1000


def test_too_many_rows_are_refused(school, deputy, classes, settings):
    # given
    settings.IMPORT_MAX_ROWS = 5
    content = import_csv([HEADERS, *(_row(n) for n in range(6))])
    # when
    job = _create(deputy, school, content)
    # then
    assert "5" in _refused(job)
    # and: at the limit the file is checked as usual
    ok = _create(deputy, school, import_csv([HEADERS, *(_row(n) for n in range(5))]))
    assert ok.status == ImportStatus.READY


def test_a_too_long_cell_is_refused(school, deputy, settings):
    settings.IMPORT_MAX_CELL_CHARS = 100
    job = _create(deputy, school, import_csv([HEADERS, ["О" * 101, "Илья"]]))
    assert "100" in _refused(job)


def test_a_csv_field_past_the_csv_module_limit_is_a_clear_message(school, deputy):
    job = _create(deputy, school, import_csv([HEADERS]) + b'"' + b"x" * 200_000)
    assert "1000" in _refused(job)


def test_an_xlsx_row_past_the_column_limit_is_refused(school, deputy):
    # A workbook is read no further right than one column past the limit.
    content = import_xlsx([HEADERS, ["Орлов", *([""] * 49), "x"]])
    assert "50" in _refused(_create(deputy, school, content, "a.xlsx"))


def _bomb(unpacked_mb: int) -> bytes:
    """A valid workbook with one extra part of zeros that unpacks to unpacked_mb."""
    buffer = io.BytesIO(import_xlsx([HEADERS]))
    with (
        zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/media/zeros.bin", "w") as part,
    ):
        for _ in range(unpacked_mb):
            part.write(bytes(uploads.MB))
    return buffer.getvalue()


def test_a_zip_bomb_workbook_is_refused_unopened(school, deputy):
    # given: 120 MB of zeros packed into a file of a few hundred kilobytes
    content = _bomb(120)
    assert len(content) < uploads.MB
    # when
    job = _create(deputy, school, content, "bomb.xlsx")
    # then
    assert "100" in _refused(job)


def test_a_file_past_the_size_limit_is_refused_by_the_service(school, deputy):
    with pytest.raises(ValidationError) as error:
        _create(deputy, school, b"a" * (5 * uploads.MB + 1))
    assert "5" in error.value.messages[0]
    assert not ImportJob.objects.exists()


def test_the_stored_error_report_is_capped_with_the_total(
    client, school, deputy, classes, settings
):
    # given: 300 rows, each naming a class that does not exist
    settings.IMPORT_MAX_ERRORS = 20
    content = import_csv([HEADERS, *(_row(n, "9Я") for n in range(300))])
    # when
    job = _create(deputy, school, content)
    client.force_login(deputy)
    page = client.get(reverse("school:import-detail", args=[job.pk]))
    # then
    assert job.status == ImportStatus.INVALID
    assert len(job.errors) == 20 and job.summary["errors"] >= 300
    html = page.content.decode()
    assert str(job.summary["errors"]) in html and "20" in html


def test_the_preview_is_paginated(client, school, deputy, classes):
    # given: 120 new pupils
    job = _create(deputy, school, import_csv([HEADERS, *(_row(n) for n in range(120))]))
    assert job.status == ImportStatus.READY
    client.force_login(deputy)
    url = reverse("school:import-detail", args=[job.pk])
    # when
    first = client.get(url).content.decode()
    last = client.get(url, {"page": 3}).content.decode()
    # then
    assert first.count("Илья") == 50 and "Илья0," in first
    assert last.count("Илья") == 20 and "Илья119," in last
    assert "?page=2" in last


def test_an_oversized_upload_is_dropped_while_read(client, school, deputy, settings):
    # given: limits of 1 MB for every upload
    settings.UPLOAD_MAX_MB = 1
    settings.HOMEWORK_FILE_MAX_MB = 1
    client.force_login(deputy)
    upload = SimpleUploadedFile("big.csv", b"x" * (3 * uploads.MB))
    # when
    response = client.post(
        reverse("school:import-list"), {"kind": "students", "file": upload}
    )
    # then: the form names the limit, nothing is stored
    assert response.status_code == 200
    assert "1 МБ" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_topic_plan_reader_shares_the_limits(school):
    year = school.academic_years.get()
    with pytest.raises(ValidationError) as error:
        plans.plan_xlsx_read(io.BytesIO(_bomb(120)), year)
    assert "100" in error.value.messages[0]
    with pytest.raises(ValidationError):
        plans.plan_xlsx_read(io.BytesIO(b"a" * (5 * uploads.MB + 1)), year)
