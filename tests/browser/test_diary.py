"""A teacher types a mark in the journal grid; the parent's diary shows it at once,
on a phone-sized screen."""

import pytest

from diary.models import DiaryView
from diary.tests.factories import register_diary_access
from journal.models import Mark
from school.models import Role
from school.tests.factories import PASSWORD, GuardianFactory, member

from .test_journal_grid import lesson_today, open_grid

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}


def _login(page, user):
    page.goto("/login/")
    page.get_by_label("Логин").fill(user.username)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_load_state()


def test_mark_typed_in_the_grid_appears_in_the_parents_diary(
    browser, live_server, page
):
    # given: a lesson open today, and the first pupil's mother
    today, group, subject, teacher, (first, _second) = lesson_today()
    mother = member(Role.PARENT, group.school, last_name="Абрамова")
    guardian = GuardianFactory(school=group.school, user=mother)
    guardian.relations.create(school=group.school, student=first, relation="mother")
    register_diary_access(guardian, first)
    # when: the teacher types 5 with a comment into the grid
    open_grid(page, teacher, group, subject)
    page.get_by_label("Комментарий к следующей отметке").fill("Устный ответ у доски")
    cell = f"#jg-{first.pk}-{today:%Y%m%d}-1"
    page.locator(cell).click()
    page.keyboard.type("5")
    page.keyboard.press("Enter")
    page.locator(cell + "[data-state='saved']").wait_for()
    assert Mark.objects.get().value == "5"
    # and the mother opens the diary on her phone
    context = browser.new_context(
        locale="ru-RU", base_url=live_server.url, viewport=PHONE
    )
    phone = context.new_page()
    phone.set_default_timeout(15_000)
    _login(phone, mother)
    phone.get_by_role("link", name="Дневник на неделю").click()
    phone.wait_for_load_state()
    # then: the lesson shows the mark, its kind and the comment
    lesson = phone.locator(".diary-lesson", has_text="Математика")
    lesson.wait_for()
    assert lesson.locator(".diary-mark strong").inner_text() == "5"
    assert "Ответ на уроке" in lesson.inner_text()
    assert "Устный ответ у доски" in lesson.inner_text()
    # the page fits a phone screen: nothing scrolls sideways
    overflow = phone.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    # the visit is recorded for the class teacher (D3)
    assert DiaryView.objects.get().viewer == mother
    context.close()
