import pytest

from audit.models import CompromiseReport
from school.models import Role
from school.tests.factories import PASSWORD, AcademicYearFactory, SchoolFactory, member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username, password):
    page.goto("/login/")
    page.get_by_label("Логин").fill(username)
    page.get_by_label("Пароль").fill(password)
    page.get_by_role("button", name="Войти").click()


def test_a_teacher_locks_the_account_and_the_sysadmin_issues_a_new_password(page):
    # given
    school = SchoolFactory(short_name="СОШ № 7")
    AcademicYearFactory(school=school)
    teacher = member(Role.TEACHER, school, last_name="Петрова")
    sysadmin = member(Role.SYSADMIN, school)
    log_in(page, teacher.username, PASSWORD)
    page.wait_for_load_state()
    # when: from the password page the teacher reports the password known
    page.goto("/password/")
    page.get_by_role("link", name="Мой пароль стал известен постороннему").click()
    page.get_by_label("Понимаю, что учётная запись сразу блокируется").check()
    page.get_by_role("button", name="Заблокировать мою учётную запись").click()
    # then: logged out, and the password no longer opens the account
    page.wait_for_url("**/login/")
    assert "заблокирована" in page.content()
    log_in(page, teacher.username, PASSWORD)
    assert "/login/" in page.url
    report = CompromiseReport.objects.get()
    # and: the sysadmin opens the report and prints a new password
    page.context.clear_cookies()
    log_in(page, sysadmin.username, PASSWORD)
    page.wait_for_load_state()
    page.get_by_role("link", name="Скомпрометированные учётные записи").click()
    page.get_by_role("link", name=str(report.pk), exact=True).click()
    assert "Заявление о компрометации № " in page.content()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Выдать новый пароль").click()
    assert download_info.value.suggested_filename == f"report-{report.pk}.pdf"
    teacher.refresh_from_db()
    assert teacher.has_usable_password() and teacher.must_change_password
