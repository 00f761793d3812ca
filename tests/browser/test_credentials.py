import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from school.models import Role
from school.tests.factories import (
    PASSWORD,
    AcademicYearFactory,
    EnrollmentFactory,
    SchoolClassFactory,
    SchoolFactory,
    StudentFactory,
    UserFactory,
    member,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username, password):
    page.goto("/login/")
    page.get_by_label("Логин").fill(username)
    page.get_by_label("Пароль").fill(password)
    page.get_by_role("button", name="Войти").click()


def test_class_teacher_prints_slips_and_a_pupil_signs_in_with_one(page, celery_worker):
    # given: a class teacher of 5А with a pupil who has no password yet
    school = SchoolFactory(short_name="СОШ № 7")
    year = AcademicYearFactory(school=school)
    teacher = member(Role.CLASS_TEACHER, school)
    school_class = SchoolClassFactory(
        school=school, year=year, letter="А", class_teacher=teacher
    )
    pupil = UserFactory(
        username="import-1",
        last_name="Иванова",
        first_name="Мария",
        patronymic="Петровна",
        password=None,
    )
    EnrollmentFactory(
        school_class=school_class, student=StudentFactory(school=school, user=pupil)
    )
    log_in(page, teacher.username, PASSWORD)
    page.wait_for_url("**/journal/my-class/")
    # when
    page.goto("/credentials/")
    page.get_by_label("Кому", exact=True).select_option(label="Класс 5А")
    page.get_by_label("Ученики", exact=True).check()
    page.get_by_role("button", name="Выдать").click()
    # the worker prepares the passwords while the page polls its progress
    page.wait_for_url("**/credentials/jobs/*/")
    link = page.locator("#credentials-pdf")
    link.wait_for(timeout=120_000)
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    # then
    assert re.fullmatch(
        r"logins-5A-\d{4}-\d{2}-\d{2}\.pdf", download.suggested_filename
    )
    pdf = Path(download.path()).read_bytes()
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert "Иванова Мария Петровна" in text
    login = re.search(r"Логин: (\S+)", text).group(1)
    password = re.search(r"Пароль: (\S+)", text).group(1)
    assert login == "ivanova.mp"
    # and the pupil signs in with the slip and must set a password of their own
    page.context.clear_cookies()
    log_in(page, login, password)
    page.wait_for_url("**/password/")
