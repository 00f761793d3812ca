"""Every action of the grid targets the cell last clicked with the mouse."""

import datetime

import pytest

from journal.models import Mark

from .test_journal_grid import lesson_today, open_grid

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def cell_id(pupil, day):
    return f"#jg-{pupil.pk}-{day:%Y%m%d}-1"


def history_of(page):
    page.get_by_role("button", name="История ячейки").click()
    title = page.locator("#jg-history h2")
    title.wait_for()
    return title


def test_history_follows_the_clicked_cell(page):
    # given: today's lesson and last week's, two pupils
    today, group, subject, teacher, (first, second) = lesson_today()
    last_week = today - datetime.timedelta(days=7)
    open_grid(page, teacher, group, subject)
    clicks = [
        (first, today),  # the cell that has the keyboard's focus on load
        (second, last_week),
        (first, last_week),
        (second, today),
        (first, today),  # a cell clicked before, clicked again
        (second, last_week),
    ]
    for pupil, day in clicks:
        # when
        page.locator(cell_id(pupil, day)).click()
        title = history_of(page)
        # then
        expected = f"{pupil.user.get_full_name()}, {day:%d.%m.%Y}, урок 1"
        page.wait_for_function(
            "(text) => document.querySelector('#jg-history h2')"
            ".textContent.includes(text)",
            arg=expected,
        )
        assert expected in title.inner_text()


def test_a_click_on_a_locked_cell_links_the_request_to_that_cell(page):
    # given
    today, group, subject, teacher, (first, second) = lesson_today()
    last_week = today - datetime.timedelta(days=7)
    open_grid(page, teacher, group, subject)
    link = page.locator("#jg-status").get_by_role(
        "link", name="Подать заявку на исправление"
    )
    for pupil in (second, first, second):
        # when
        page.locator(cell_id(pupil, last_week)).click()
        # then: the reason and a request for this pupil and lesson at once
        href = link.get_attribute("href")
        assert f"/{last_week:%Y-%m-%d}/1/correction/?student={pupil.pk}" in href
    link.click()
    page.wait_for_load_state()
    assert page.get_by_label("Ученик").input_value() == str(second.pk)
    assert not Mark.objects.exists()


def test_the_comment_goes_to_the_clicked_cell(page):
    # given: another cell was selected first
    today, group, subject, teacher, (first, second) = lesson_today()
    open_grid(page, teacher, group, subject)
    page.locator(cell_id(first, today)).click()
    page.locator(cell_id(second, today)).click()
    page.locator(cell_id(first, today)).click()
    # when: a comment, then the mark typed into a clicked cell
    page.get_by_label("Комментарий к следующей отметке").fill("Работа у доски")
    page.locator(cell_id(second, today)).click()
    page.keyboard.type("5")
    page.keyboard.press("Enter")
    page.locator(cell_id(second, today) + "[data-state='saved']").wait_for()
    # then
    mark = Mark.objects.get()
    assert (mark.student, mark.comment) == (second, "Работа у доски")
    title = history_of(page)
    page.wait_for_function(
        "(text) => document.querySelector('#jg-history h2').textContent.includes(text)",
        arg=second.user.get_full_name(),
    )
    assert second.user.get_full_name() in title.inner_text()
