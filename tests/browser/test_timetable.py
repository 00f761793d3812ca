import pytest

from school.models import Role, TimetableEntry
from school.tests.factories import (
    PASSWORD,
    AcademicYearFactory,
    BellScheduleFactory,
    RoomFactory,
    SchoolFactory,
    StudyGroupFactory,
    SubjectFactory,
    member,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_deputy_puts_a_lesson_into_a_class_timetable(page):
    # given
    school = SchoolFactory()
    year = AcademicYearFactory(school=school)
    group = StudyGroupFactory(year=year)
    SubjectFactory(school=school, name="Литература")
    RoomFactory(school=school, name="305")
    BellScheduleFactory(school=school)
    member(Role.TEACHER, school, last_name="Соколова", first_name="Ирина")
    deputy = member(Role.DEPUTY, school)
    page.goto("/login/")
    page.get_by_label("Логин").fill(deputy.username)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url("**/office/")
    # when
    page.goto(f"/timetable/entries/new/?class={group.school_class.pk}")
    page.get_by_label("День недели", exact=True).select_option(label="вторник")
    page.get_by_label("Номер урока", exact=True).fill("3")
    page.get_by_label("Класс или группа", exact=True).select_option(label=group.name)
    page.get_by_label("Предмет", exact=True).select_option(label="Литература")
    page.get_by_label("Учитель", exact=True).select_option(
        label="Соколова Ирина Иванович"
    )
    page.get_by_label("Кабинет", exact=True).select_option(label="305")
    page.get_by_label("Действует с", exact=True).fill("2026-09-01")
    page.get_by_role("button", name="Сохранить").click()
    # then
    page.wait_for_url(f"**/timetable/classes/{group.school_class.pk}/?week=2026-09-01")
    assert "Урок добавлен в расписание" in page.locator(".messages").inner_text()
    cell = page.locator(".tt-lesson")
    assert "Литература" in cell.inner_text()
    assert "Соколова И. И." in cell.inner_text()
    assert "305" in cell.inner_text()
    assert "Вторник, 01.09" in page.locator("thead").inner_text()
    assert TimetableEntry.objects.get().lesson_number == 3
