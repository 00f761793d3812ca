"""A closed period's mark changed by request: the teacher files, the deputy approves;
and an English browser still gets the Russian interface."""

import datetime

import pytest

from journal.models import PeriodMark
from journal.services import periods as services_periods
from school.models import GradingScale, GradingScaleKind, Role
from school.tests.factories import (
    PASSWORD,
    AcademicYearFactory,
    GroupMembershipFactory,
    SchoolFactory,
    StudyGroupFactory,
    StudyPeriodFactory,
    SubjectFactory,
    TeachingAssignmentFactory,
    member,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def a_closed_quarter():
    school = SchoolFactory()
    today = school.local_today()
    year = AcademicYearFactory(
        school=school,
        starts_on=today - datetime.timedelta(days=120),
        ends_on=today + datetime.timedelta(days=200),
    )
    quarter = StudyPeriodFactory(
        scheme__year=year,
        name="1 четверть",
        starts_on=today - datetime.timedelta(days=100),
        ends_on=today - datetime.timedelta(days=30),
    )
    GradingScale.objects.create(
        school=school,
        name="5",
        kind=GradingScaleKind.FIVE_POINT,
        values=["1", "2", "3", "4", "5"],
        pass_threshold="3",
    )
    group = StudyGroupFactory(year=year, school_class__grade=6)
    subject = SubjectFactory(school=school, name="Математика")
    teacher = member(Role.TEACHER, school, last_name="Иванова")
    deputy = member(Role.DEPUTY, school, last_name="Петрова")
    TeachingAssignmentFactory(
        group=group, subject=subject, teacher=teacher, starts_on=year.starts_on
    )
    pupil = GroupMembershipFactory(
        group=group, starts_on=year.starts_on, student__user__last_name="Абрамов"
    ).student
    PeriodMark.objects.create(
        school=school,
        group=group,
        subject=subject,
        student=pupil,
        kind="period",
        period=quarter,
        value="3",
        author=teacher,
    )
    services_periods.period_close(actor=deputy, period=quarter)
    return group, subject, teacher, deputy, pupil, quarter


def log_in(page, user):
    page.goto("/login/")
    page.get_by_label("Логин").fill(user.username)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_load_state()


def test_a_closed_period_mark_is_changed_by_request(page):
    # given
    group, subject, teacher, deputy, pupil, quarter = a_closed_quarter()
    log_in(page, teacher)
    page.goto(
        f"/journal/groups/{group.pk}/subjects/{subject.pk}/period-marks/"
        f"?period={quarter.pk}"
    )
    # when: the teacher files a request from the closed period's page
    page.get_by_role("link", name="Подать заявку на исправление").click()
    page.wait_for_load_state()
    page.get_by_label("Ученик").select_option(str(pupil.pk))
    choice = page.get_by_label("Какую отметку изменить")
    assert "1 четверть: отметка за период" in choice.inner_text()
    page.get_by_label("Новое значение").fill("4")
    page.get_by_label("Какие изменения внести").fill("Исправить 3 на 4")
    page.get_by_label("Причина изменения").fill("Не учтена контрольная работа")
    page.get_by_role("button", name="Подать запрос").click()
    page.wait_for_load_state()
    assert "ожидает решения" in page.content()
    # when: the deputy approves it in the queue
    page.get_by_role("button", name="Выйти").click()
    page.wait_for_load_state()
    log_in(page, deputy)
    page.goto("/journal/corrections/queue/")
    assert "Отметка за период, 1 четверть" in page.content()
    page.get_by_role("button", name="Одобрить и внести").click()
    page.wait_for_load_state()
    # then
    mark = PeriodMark.objects.get()
    assert mark.value == "4"
    assert mark.history.first().history_user == deputy


def test_an_english_browser_gets_russian(browser, live_server):
    context = browser.new_context(locale="en-US", base_url=live_server.url)
    try:
        page = context.new_page()
        page.goto("/login/")
        assert page.locator("html").get_attribute("lang") == "ru"
        assert page.get_by_role("button", name="Войти").is_visible()
    finally:
        context.close()
