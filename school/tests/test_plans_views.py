"""Pages of the topic plans and the control-work schedule."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from school.models import (
    ControlWork,
    LessonPlanItem,
    Role,
    TeachingAssignment,
)
from school.services import control_works
from school.services import plans as services
from school.tests.factories import (
    AcademicYearFactory,
    StudyGroupFactory,
    SubjectFactory,
    TeachingAssignmentFactory,
    member,
)


@pytest.fixture
def load(year, teacher):
    subject = SubjectFactory(school=year.school, name="Математика")
    group = StudyGroupFactory(year=year, school_class__letter="А")
    return TeachingAssignmentFactory(group=group, subject=subject, teacher=teacher)


@pytest.fixture
def other_load(year, school):
    subject = SubjectFactory(school=school, name="История")
    group = StudyGroupFactory(year=year, school_class__letter="Б")
    return TeachingAssignmentFactory(
        group=group, subject=subject, teacher=member(Role.TEACHER, school)
    )


def _url(name, load, **kwargs):
    return reverse(name, args=[load.group.pk, load.subject.pk, *kwargs.values()])


def _item(load, number=1, topic="Дроби"):
    return LessonPlanItem.objects.create(
        school=load.school,
        year=load.year,
        group=load.group,
        subject=load.subject,
        number=number,
        topic=topic,
    )


def test_teacher_sees_own_plans_with_counts(client, load, other_load, teacher):
    # given
    _item(load)
    client.force_login(teacher)
    # when
    response = client.get(reverse("school:plan-list"))
    # then
    content = response.content.decode()
    assert response.status_code == 200
    assert "Математика" in content
    assert "История" not in content
    assert response.context["rows"][0].count == 1


def test_administration_sees_every_plan_of_the_year(
    client, school, year, load, other_load
):
    # given
    _item(load)
    _item(load, 2, "Десятичные дроби")
    client.force_login(member(Role.DEPUTY, school))
    url = reverse("school:plan-list")
    with CaptureQueriesContext(connection) as small:
        response = client.get(url)
    for letter in "ВГД":
        group = StudyGroupFactory(year=year, school_class__letter=letter)
        TeachingAssignmentFactory(group=group, subject=load.subject)
        _item(TeachingAssignment.objects.get(group=group))
    # when
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    # then
    rows = response.context["rows"]
    assert [(r.subject.name, r.count) for r in rows] == [
        ("Математика", 2),
        ("История", 0),
    ]
    assert len(large) == len(small)


def test_plan_detail_for_the_teacher_has_edit_tools(client, load, teacher):
    # given
    _item(load)
    client.force_login(teacher)
    # when
    response = client.get(_url("school:plan-detail", load))
    # then
    content = response.content.decode()
    assert response.status_code == 200
    assert "Дроби" in content
    assert "Загрузить из Excel" in content
    assert response.context["can_edit"]


def test_plan_detail_is_read_only_for_another_teacher(client, load, other_load):
    # given
    client.force_login(other_load.teacher)
    # when
    response = client.get(_url("school:plan-detail", load))
    # then
    assert response.status_code == 200
    assert not response.context["can_edit"]
    assert "Загрузить из Excel" not in response.content.decode()


def test_another_teacher_posting_a_lesson_gets_404_and_nothing_written(
    client, load, other_load
):
    # given
    client.force_login(other_load.teacher)
    # when
    response = client.post(
        _url("school:plan-item-create", load), {"topic": "Т", "hours": 1}
    )
    # then
    assert response.status_code == 404
    assert LessonPlanItem.objects.count() == 0
    assert LessonPlanItem.history.count() == 0


def test_plan_of_another_school_is_404(client, load, other_school):
    # given
    client.force_login(member(Role.DEPUTY, other_school))
    # when / then
    assert client.get(_url("school:plan-detail", load)).status_code == 404
    assert client.get(_url("school:plan-export", load)).status_code == 404


def test_parent_gets_404(client, school, load):
    # given
    client.force_login(member(Role.PARENT, school))
    # when / then
    assert client.get(_url("school:plan-detail", load)).status_code == 404
    assert client.get(reverse("school:plan-list")).status_code == 404
    assert client.get(reverse("school:control-work-list")).status_code == 404


def test_teacher_adds_edits_and_deletes_a_lesson(client, load, teacher):
    # given
    client.force_login(teacher)
    # when
    response = client.post(
        _url("school:plan-item-create", load),
        {"topic": "Дроби", "hours": 2, "planned_on": "03.09.2026"},
    )
    item = LessonPlanItem.objects.get()
    edit = client.post(
        _url("school:plan-item-update", load, item=item.pk),
        {"number": 1, "topic": "Обыкновенные дроби", "hours": 2},
    )
    # then
    assert response.status_code == 302
    assert edit.status_code == 302
    item.refresh_from_db()
    assert (item.topic, item.hours, item.planned_on) == ("Обыкновенные дроби", 2, None)
    # when
    client.post(_url("school:plan-item-delete", load, item=item.pk))
    # then
    assert LessonPlanItem.objects.count() == 0


def test_upload_with_bad_rows_shows_the_error_table(client, load, teacher):
    # given
    workbook = openpyxl.Workbook()
    workbook.active.append(list(services.HEADERS))
    workbook.active.append([1, "", "", 1, None])
    workbook.active.append([2, "", "Т", 1, "1 сентября"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "ktp.xlsx"
    client.force_login(teacher)
    # when
    response = client.post(_url("school:plan-import", load), {"file": buffer})
    # then
    content = response.content.decode()
    assert response.status_code == 400
    assert "Ничего не загружено" in content
    assert "Не указана тема урока." in content
    assert response.context["row_errors"][1][0] == 3
    assert LessonPlanItem.objects.count() == 0


def test_upload_of_the_sample_and_download(client, load, teacher):
    # given
    client.force_login(teacher)
    with open("docs/samples/ktp_sample.xlsx", "rb") as sample:
        # when
        response = client.post(_url("school:plan-import", load), {"file": sample})
    # then
    assert response.status_code == 302
    assert LessonPlanItem.objects.count() == 30
    # when
    download = client.get(_url("school:plan-export", load))
    # then
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in download["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(download.content)).active
    assert sheet.max_row == 31


def test_copy_form_copies_from_last_year(client, school, year, load, teacher):
    # given
    last_year = AcademicYearFactory(
        school=school,
        starts_on=datetime.date(2025, 9, 1),
        ends_on=datetime.date(2026, 8, 31),
        is_current=False,
        name="2025/2026",
    )
    old = StudyGroupFactory(year=last_year)
    LessonPlanItem.objects.create(
        school=school,
        year=last_year,
        group=old,
        subject=load.subject,
        number=1,
        topic="Ряд натуральных чисел",
        planned_on=datetime.date(2025, 9, 1),
    )
    client.force_login(teacher)
    page = client.get(_url("school:plan-detail", load))
    assert "2025/2026" in page.content.decode()
    # when
    response = client.post(
        _url("school:plan-copy", load),
        {"source": old.pk, "shift_dates_to": "01.09.2026"},
    )
    # then
    assert response.status_code == 302
    item = LessonPlanItem.objects.get(group=load.group)
    assert item.planned_on == datetime.date(2026, 9, 7)


def test_control_work_pages(client, school, load, teacher):
    # given
    deputy = member(Role.DEPUTY, school)
    client.force_login(deputy)
    data = {
        "date": "26.11.2026",
        "group": load.group.pk,
        "subject": load.subject.pk,
        "title": "Контрольная работа № 2",
    }
    # when
    assert client.get(reverse("school:control-work-create")).status_code == 200
    created = client.post(reverse("school:control-work-create"), data)
    clash = client.post(reverse("school:control-work-create"), {**data, "title": "Ещё"})
    # then
    assert created.status_code == 302
    assert created.url.endswith("?month=2026-11")
    assert "уже есть контрольная работа" in clash.content.decode()
    assert ControlWork.objects.count() == 1
    # when: a teacher reads the month without edit links
    client.force_login(teacher)
    listing = client.get(reverse("school:control-work-list") + "?month=2026-11")
    # then
    content = listing.content.decode()
    assert listing.status_code == 200
    assert "Контрольная работа № 2" in content
    assert "26.11.2026" in content
    assert "Добавить контрольную работу" not in content
    assert client.get(reverse("school:control-work-create")).status_code == 404
    work = ControlWork.objects.get()
    assert (
        client.get(reverse("school:control-work-update", args=[work.pk])).status_code
        == 404
    )
    assert (
        client.post(reverse("school:control-work-delete", args=[work.pk])).status_code
        == 404
    )
    assert ControlWork.objects.count() == 1


def test_control_work_list_filters_by_class_and_month(
    client, school, year, load, other_load
):
    # given
    deputy = member(Role.DEPUTY, school)
    for assignment, day in ((load, 26), (other_load, 27)):
        control_works.control_work_create(
            actor=deputy,
            group=assignment.group,
            subject=assignment.subject,
            date=datetime.date(2026, 11, day),
            title=f"Работа {day}",
        )
    client.force_login(deputy)
    url = reverse("school:control-work-list")
    # when
    by_class = client.get(
        url, {"month": "2026-11", "class": load.group.school_class.pk}
    )
    december = client.get(url, {"month": "2026-12"})
    # then
    assert [w.title for w in by_class.context["works"]] == ["Работа 26"]
    assert list(december.context["works"]) == []
    assert "Добавить контрольную работу" in by_class.content.decode()
