import pytest

from school.models import Role
from school.tests.factories import PASSWORD, AcademicYearFactory, SchoolFactory, member
from school.tests.two_factor_helpers import totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, user):
    page.goto("/login/")
    page.get_by_label("Логин").fill(user.username)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()


def test_director_enrols_when_the_school_requires_it_then_logs_in_with_a_code(page):
    # given: a school that requires two-factor login for its director
    school = SchoolFactory(two_factor_required=True)
    AcademicYearFactory(school=school)
    director = member(Role.DIRECTOR, school)
    # when: the password is right, the enrolment is the only page
    log_in(page, director)
    page.wait_for_url("**/account/two-factor/enrol/")
    assert page.locator(".qr svg").count() == 1
    page.goto("/office/")
    page.wait_for_url("**/account/two-factor/enrol/")
    secret = page.locator("[data-secret]").inner_text()
    page.get_by_label("Код из приложения").fill(totp(secret))
    page.get_by_role("button", name="Подтвердить и включить").click()
    # then: ten recovery codes, shown once
    page.wait_for_url("**/account/two-factor/codes/")
    assert page.locator(".recovery-codes li").count() == 10
    page.get_by_role("link", name="Я сохранил коды").click()
    page.wait_for_url("**/office/")
    # when: the director logs out and in again
    page.get_by_role("button", name="Выйти").click()
    log_in(page, director)
    # then: the code page, and the next code opens the office
    page.wait_for_url("**/login/code/**")
    page.get_by_label("Код").fill("000000")
    page.get_by_role("button", name="Подтвердить").click()
    assert "Код неверен" in page.locator("main").inner_text()
    page.get_by_label("Код").fill(totp(secret, offset=1))
    page.get_by_role("button", name="Подтвердить").click()
    page.wait_for_url("**/office/")
    assert "Двухфакторный вход" in page.locator("header").inner_text()
