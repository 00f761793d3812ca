"""Every XLSX and CSV the product writes keeps formula-like text as inert text."""

import csv
import datetime
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.urls import reverse

from school.models import (
    AcademicYear,
    LessonPlanItem,
    StudyGroup,
    Subject,
    User,
)
from school.selectors.imports import EXPORT_KINDS
from school.services import plans
from school.services.imports import import_job_apply, import_job_create
from school.services.structure import school_class_create
from school.spreadsheets import csv_writer, is_formula_like, xlsx_append
from school.tests.factories import (
    StudyGroupFactory,
    SubjectFactory,
    TeachingAssignmentFactory,
)

pytestmark = pytest.mark.django_db

SAMPLES = Path(settings.BASE_DIR) / "docs" / "samples"
HOSTILE = [
    '=HYPERLINK("http://evil.example/","click")',
    "+7+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


def _formulas(content: bytes) -> list[str]:
    """Every formula element in the workbook's sheets, read from the XML itself."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return [
            name
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") and b"<f>" in archive.read(name)
        ]


def _texts(content: bytes) -> list:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [c for c in cells if c.data_type == "f"]
    return [c.value for c in cells if isinstance(c.value, str)]


def test_xlsx_row_keeps_formula_like_text_as_quoted_text():
    # given
    book = openpyxl.Workbook()
    # when
    xlsx_append(book.active, [*HOSTILE, "Иванов", 5, datetime.date(2026, 9, 1)])
    buffer = io.BytesIO()
    book.save(buffer)
    # then
    content = buffer.getvalue()
    assert _formulas(content) == []
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    row = list(sheet[1])
    # XML reads a bare carriage return back as a line feed.
    assert [c.value for c in row[:6]] == [t.replace("\r", "\n") for t in HOSTILE]
    assert all(c.data_type == "s" and c.quotePrefix for c in row[:6])
    assert row[6].value == "Иванов" and not row[6].quotePrefix
    assert row[7].value == 5 and row[7].data_type == "n"


def test_csv_cells_get_a_leading_apostrophe():
    # given
    buffer = io.StringIO()
    # when
    csv_writer(buffer, delimiter=";").writerow([*HOSTILE, "Иванов", 5, -3])
    # then
    row = next(csv.reader(io.StringIO(buffer.getvalue(), newline=""), delimiter=";"))
    assert row[:6] == ["'" + text for text in HOSTILE]
    # Numbers are numbers, not text: a negative one stays as it is.
    assert row[6:] == ["Иванов", "5", "-3"]
    assert not any(is_formula_like(cell) for cell in row[:7])


@pytest.fixture
def hostile_school(school, director):
    """The sample lists imported, then every name made formula-like."""
    year = school.academic_years.get()
    for grade, letter in ((5, "А"), (5, "Б"), (6, "А")):
        school_class_create(actor=director, year=year, grade=grade, letter=letter)
    for kind in ("subjects", "staff", "students", "guardians", "groups"):
        content = (SAMPLES / f"{kind}.xlsx").read_bytes()
        job = import_job_create(
            actor=director, school=school, kind=kind, file_name="s", content=content
        )
        import_job_apply(actor=director, job=job)
    User.objects.exclude(pk=director.pk).update(last_name=HOSTILE[0])
    for model, text in ((Subject, HOSTILE[3]), (StudyGroup, HOSTILE[1])):
        for number, pk in enumerate(model.objects.values_list("pk", flat=True)):
            model.objects.filter(pk=pk).update(name=f"{text} {number}")
    return school


@pytest.mark.parametrize("kind", EXPORT_KINDS)
def test_each_list_export_writes_no_formula(client, hostile_school, director, kind):
    # given
    client.force_login(director)
    # when
    response = client.get(reverse("school:export", args=[kind]))
    # then
    assert response.status_code == 200
    assert _formulas(response.content) == []
    texts = _texts(response.content)
    assert any(t.startswith((HOSTILE[0], HOSTILE[1], HOSTILE[3])) for t in texts)


def test_topic_plan_export_writes_no_formula(client, school, teacher):
    # given
    year = AcademicYear.objects.get(school=school)
    load = TeachingAssignmentFactory(
        group=StudyGroupFactory(year=year),
        subject=SubjectFactory(school=school),
        teacher=teacher,
        starts_on=datetime.date(2026, 9, 1),
    )
    for number, text in enumerate(HOSTILE, start=1):
        LessonPlanItem.objects.create(
            school=school,
            year=year,
            group=load.group,
            subject=load.subject,
            number=number,
            section=text,
            topic=text,
            hours=1,
        )
    client.force_login(teacher)
    # when
    url = reverse("school:plan-export", args=[load.group_id, load.subject_id])
    response = client.get(url)
    # then
    assert response.status_code == 200, url
    assert _formulas(response.content) == []
    texts = {t.replace("\n", "\r") for t in _texts(response.content)}
    assert set(HOSTILE) <= texts


def test_topic_plan_round_trip_keeps_the_text(school):
    # given: an exported plan with a formula-like topic
    year = AcademicYear.objects.get(school=school)
    item = LessonPlanItem(school=school, number=1, topic=HOSTILE[0], hours=1)
    data = plans.plan_xlsx_write([item])
    # when
    items = plans.plan_xlsx_read(io.BytesIO(data), year)
    # then
    assert items[0]["topic"] == HOSTILE[0]
