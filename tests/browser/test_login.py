import pytest

from school.models import Role
from school.tests.factories import PASSWORD, AcademicYearFactory, SchoolFactory, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_teacher_logs_in_and_sees_the_russian_home_page(page):
    # given
    school = SchoolFactory(short_name="СОШ № 7")
    AcademicYearFactory(school=school)
    teacher = member(Role.TEACHER, school, last_name="Петрова", first_name="Анна")
    # when
    page.goto("/")
    page.get_by_label("Логин").fill(teacher.username)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    # then
    page.wait_for_url("**/journal/")
    assert page.locator("h1").inner_text() == "Мои уроки сегодня"
    assert "СОШ № 7" in page.locator("header").inner_text()
    assert "Петрова А." in page.locator("header").inner_text()
    assert page.locator("html").get_attribute("lang") == "ru"


def test_person_with_two_roles_switches_in_the_header(page):
    school = SchoolFactory()
    user = member(Role.TEACHER, school)
    from school.tests.factories import MembershipFactory

    MembershipFactory(user=user, school=school, role=Role.CLASS_TEACHER)
    page.goto("/login/")
    page.get_by_label("Логин").fill(user.username)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url("**/journal/my-class/")
    page.get_by_label("Активная роль").select_option(
        label=f"Учитель — {school.short_name}"
    )
    page.get_by_role("button", name="Перейти").click()
    page.wait_for_url("**/journal/")
    assert page.locator("h1").inner_text() == "Мои уроки сегодня"
