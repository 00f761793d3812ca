import datetime

import pytest
from django.urls import reverse

from school.models import (
    ChangeKind,
    Role,
    TimetableChange,
    TimetableEntry,
)
from school.tests.factories import (
    BellScheduleFactory,
    RoomFactory,
    SchoolClassFactory,
    StudyGroupFactory,
    SubjectFactory,
    TimetableChangeFactory,
    TimetableEntryFactory,
    member,
)

MONDAY = datetime.date(2026, 9, 7)


@pytest.fixture
def group(year):
    return StudyGroupFactory(year=year)


def class_url(school_class, week=MONDAY):
    url = reverse("school:timetable-class", args=[school_class.pk])
    return f"{url}?week={week.isoformat()}"


def test_class_week_shows_lessons_with_changes(client, deputy, school, group):
    # given
    teacher = member(Role.TEACHER, school, last_name="Орлова", first_name="Мария")
    substitute = member(Role.TEACHER, school, last_name="Зайцев", first_name="Олег")
    entry = TimetableEntryFactory(
        group=group,
        teacher=teacher,
        subject=SubjectFactory(school=school, name="Химия"),
    )
    cancelled = TimetableEntryFactory(
        group=group, lesson_number=2, subject=SubjectFactory(school=school)
    )
    TimetableChangeFactory(
        entry=entry, date=MONDAY, kind=ChangeKind.SUBSTITUTION, new_teacher=substitute
    )
    TimetableChangeFactory(entry=cancelled, date=MONDAY)
    BellScheduleFactory(school=school)
    client.force_login(deputy)
    # when
    response = client.get(class_url(group.school_class))
    # then
    content = response.content.decode()
    assert response.status_code == 200
    assert "Химия" in content and "Зайцев О." in content and "замена" in content
    assert "вместо Орлова М." in content and "отменён" in content
    assert "Понедельник, 07.09" in content and "08:30" in content
    assert "?week=2026-08-31" in content and "?week=2026-09-14" in content
    assert reverse("school:timetable-entry-create") in content


def test_class_of_another_school_is_404(client, deputy, other_school):
    # given
    foreign = SchoolClassFactory(year__school=other_school)
    client.force_login(deputy)
    # when / then
    assert client.get(class_url(foreign)).status_code == 404


def test_teacher_sees_a_read_only_page(client, teacher, group):
    # given
    TimetableEntryFactory(group=group)
    client.force_login(teacher)
    # when
    response = client.get(class_url(group.school_class))
    # then
    content = response.content.decode()
    assert response.status_code == 200
    assert reverse("school:timetable-entry-create") not in content
    assert reverse("school:timetable-change-create") not in content
    create = reverse("school:timetable-entry-create")
    assert client.get(f"{create}?class={group.school_class.pk}").status_code == 404


@pytest.mark.parametrize("role", [Role.PARENT, Role.STUDENT])
def test_parent_and_pupil_get_404(client, school, group, role):
    client.force_login(member(role, school))
    assert client.get(class_url(group.school_class)).status_code == 404
    assert client.get(reverse("school:timetable-change-list")).status_code == 404


def test_teacher_page_lists_the_teachers_lessons(client, deputy, school, group):
    # given
    teacher = member(Role.TEACHER, school)
    TimetableEntryFactory(group=group, teacher=teacher)
    client.force_login(deputy)
    # when
    url = reverse("school:timetable-teacher", args=[teacher.pk])
    response = client.get(f"{url}?week=2026-09-07")
    # then
    assert response.status_code == 200
    assert group.name in response.content.decode()


def test_entry_create_saves_and_redirects_to_the_class(client, deputy, school, group):
    # given
    teacher = member(Role.TEACHER, school)
    subject = SubjectFactory(school=school)
    client.force_login(deputy)
    url = reverse("school:timetable-entry-create") + f"?class={group.school_class.pk}"
    data = {
        "weekday": 2,
        "lesson_number": 3,
        "group": group.pk,
        "subject": subject.pk,
        "teacher": teacher.pk,
        "room": RoomFactory(school=school).pk,
        "starts_on": "2026-09-01",
    }
    # when
    response = client.post(url, data)
    # then
    assert response.status_code == 302
    assert response.url == class_url(group.school_class, datetime.date(2026, 9, 1))
    entry = TimetableEntry.objects.get()
    assert (entry.weekday, entry.lesson_number, entry.teacher) == (2, 3, teacher)


def test_entry_clash_is_shown_as_a_form_error(client, deputy, school, year, group):
    # given
    teacher = member(Role.TEACHER, school)
    TimetableEntryFactory(group=StudyGroupFactory(year=year), teacher=teacher)
    client.force_login(deputy)
    data = {
        "weekday": 1,
        "lesson_number": 1,
        "group": group.pk,
        "subject": SubjectFactory(school=school).pk,
        "teacher": teacher.pk,
        "starts_on": "2026-09-01",
    }
    # when
    response = client.post(reverse("school:timetable-entry-create"), data)
    # then
    assert response.status_code == 200
    assert "У учителя уже есть урок в это время" in response.content.decode()
    assert TimetableEntry.objects.count() == 1


def test_change_create_and_list(client, deputy, school, group):
    # given
    entry = TimetableEntryFactory(group=group, teacher=member(Role.TEACHER, school))
    client.force_login(deputy)
    url = reverse("school:timetable-change-create")
    # when
    response = client.post(
        f"{url}?entry={entry.pk}&date=2026-09-07",
        {"kind": ChangeKind.CANCELLATION, "reason": "Болезнь учителя"},
    )
    # then
    assert response.status_code == 302
    assert TimetableChange.objects.get().kind == ChangeKind.CANCELLATION
    listing = client.get(response.url).content.decode()
    assert "Болезнь учителя" in listing and group.name in listing


def test_entry_end(client, deputy, school, group):
    # given
    entry = TimetableEntryFactory(group=group, teacher=member(Role.TEACHER, school))
    client.force_login(deputy)
    # when
    client.post(
        reverse("school:timetable-entry-end", args=[entry.pk]),
        {"ends_on": "2026-12-31"},
    )
    # then
    entry.refresh_from_db()
    assert entry.ends_on == datetime.date(2026, 12, 31)


def test_bell_schedule_edit(client, deputy, school):
    # given
    client.force_login(deputy)
    data = {"name": "Основное", "is_default": "on"}
    data.update({"start_1": "08:30", "end_1": "09:15"})
    data.update({"start_2": "09:25", "end_2": "10:10"})
    # when
    response = client.post(reverse("school:bell-schedule-create"), data)
    # then
    assert response.status_code == 302
    listing = client.get(reverse("school:bell-schedule-list")).content.decode()
    assert "Основное" in listing and "10:10" in listing
    data["start_2"] = "09:00"
    schedule_id = school_bell_id(school)
    response = client.post(
        reverse("school:bell-schedule-edit", args=[schedule_id]), data
    )
    assert "Урок 2 должен начинаться" in response.content.decode()


def school_bell_id(school):
    from school.models import BellSchedule

    return BellSchedule.objects.for_school(school).get().pk
