"""A parent writes to the child's teacher; the teacher sees the badge and answers."""

import pytest

from diary.models import Message
from school.tests.factories import PASSWORD, AcademicYearFactory, SchoolFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, user):
    page.goto("/login/")
    page.get_by_label("Логин").fill(user.username)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_load_state()


def test_parent_writes_and_teacher_answers_without_reload(page, browser, live_server):
    # given
    from diary.tests.messaging_world import build_world

    school = SchoolFactory()
    AcademicYearFactory(school=school)
    w = build_world(school)
    log_in(page, w.parent)
    # when: the parent writes to the child's maths teacher
    page.goto("/diary/messages/new/")
    page.get_by_label("Учителева").check()
    page.get_by_label("Тема", exact=True).fill("Пропуск урока")
    text = page.get_by_label("Сообщение", exact=True)
    text.fill("Петя болел во вторник, справка будет.")
    page.get_by_role("button", name="Отправить").click()
    page.locator("#msg-thread").wait_for()
    # then: the teacher sees the badge and opens the conversation
    teacher_context = browser.new_context(locale="ru-RU", base_url=live_server.url)
    teacher = teacher_context.new_page()
    teacher.set_default_timeout(15_000)
    log_in(teacher, w.teacher)
    assert teacher.locator(".header-messages .msg-badge").inner_text() == "1"
    teacher.locator(".header-messages").click()
    teacher.get_by_role("link", name="Пропуск урока").click()
    assert "справка будет" in teacher.locator("#msg-thread").inner_text()
    assert teacher.locator(".header-messages .msg-badge").count() == 0
    # when: the answer goes in through htmx, the page is not reloaded
    teacher.evaluate("window.__stayed = true")
    teacher.get_by_label("Ответ").fill("Выздоравливайте! Задание в дневнике.")
    teacher.get_by_role("button", name="Отправить").click()
    teacher.locator("#msg-thread li", has_text="Выздоравливайте!").wait_for()
    # then
    assert teacher.evaluate("window.__stayed") is True
    assert teacher.get_by_label("Ответ").input_value() == ""
    assert Message.objects.count() == 2
    page.goto("/diary/")
    assert page.locator(".header-messages .msg-badge").inner_text() == "1"
    page.locator(".header-messages").click()
    assert page.locator(".msg-unread").inner_text().startswith("Пропуск урока")
    teacher_context.close()
