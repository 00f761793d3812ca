"""The main pages work under the Content-Security-Policy with no violation.

Chromium reports every blocked inline script, inline style or foreign source as a
securitypolicyviolation event and a console error; both are collected across
the walk: the login, the teacher's grid with a saved cell, the lesson page, the
parent's week, messages, and the school calendar's time line.
"""

import pytest

from diary.tests.factories import register_diary_access
from journal.models import Mark
from school.models import Role
from school.tests.factories import GuardianFactory, member

from .test_journal_grid import lesson_today, open_grid
from .test_messages import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(
    "CSP-VIOLATION " + event.violatedDirective + " " + event.blockedURI
    + " " + (event.sourceFile || "") + ":" + event.lineNumber
  );
});
"""


def watch(page):
    """Violations and console errors of every document the page loads."""
    problems = []
    page.add_init_script(REPORT_VIOLATIONS)

    def on_console(message):
        # The browser asks for /favicon.ico on its own; the product has none.
        if message.type == "error" and "favicon.ico" not in str(message.location):
            problems.append(f"{message.text} {message.location}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"pageerror {error}"))
    return problems


def test_main_pages_work_under_the_policy(page, browser, live_server):
    # given: a lesson open today, a mother of the first pupil
    today, group, subject, teacher, (first, _second) = lesson_today()
    school = group.school
    mother = member(Role.PARENT, school, last_name="Абрамова")
    GuardianFactory(school=school, user=mother).relations.create(
        school=school, student=first, relation="mother"
    )
    register_diary_access(mother, first)
    problems = watch(page)
    # when: the teacher logs in and saves a mark through htmx
    open_grid(page, teacher, group, subject)
    assert "Content-Security-Policy" not in page.content()
    cell = f"#jg-{first.pk}-{today:%Y%m%d}-1"
    page.locator(cell).click()
    page.keyboard.type("5")
    page.keyboard.press("Enter")
    page.locator(cell + "[data-state='saved']").wait_for()
    # the lesson page
    lesson = page.goto(f"/journal/lessons/{group.pk}/{subject.pk}/{today:%Y-%m-%d}/1/")
    assert "script-src 'self' 'nonce-" in lesson.headers["content-security-policy"]
    page.get_by_role("heading").first.wait_for()
    # messages: the list and the form
    page.goto("/diary/messages/")
    page.goto("/diary/messages/new/")
    page.get_by_role("button", name="Отправить").wait_for()
    # then: the mark is saved
    assert Mark.objects.get().value == "5"
    # when: the mother opens her week in another browser
    context = browser.new_context(locale="ru-RU", base_url=live_server.url)
    phone = context.new_page()
    phone.set_default_timeout(15_000)
    mother_problems = watch(phone)
    log_in(phone, mother)
    phone.get_by_role("link", name="Дневник на неделю").click()
    phone.locator(".diary-lesson", has_text="Математика").wait_for()
    phone.goto("/diary/messages/")
    context.close()
    # then: nothing was blocked, nothing failed
    assert problems == []
    assert mother_problems == []


def test_the_calendar_bars_and_the_delete_confirmation_run_from_static_js(
    page, live_server
):
    # given: a director with the school calendar of the current year
    _today, group, _subject, _teacher, _pupils = lesson_today()
    director = member(Role.DIRECTOR, group.school)
    problems = watch(page)
    log_in(page, director)
    # when
    page.goto("/calendar/")
    # then: the period bar is placed by app.js, not by an inline style attribute
    bar = page.locator(".timeline-period").first
    bar.wait_for()
    assert bar.get_attribute("style").replace(" ", "").startswith("left:")
    width = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.timeline-period')).width)"
    )
    assert width > 0
    assert problems == []
