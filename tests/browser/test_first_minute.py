"""What a new user meets in the first minutes: the subjects page on a phone, and
pages that load without a console error, each with its own title and our icon."""

import datetime

import pytest

from diary.tests.factories import register_diary_access
from journal.models import Lesson, Mark
from school.models import Role, WorkKind
from school.tests.factories import PASSWORD, GuardianFactory, SubjectFactory, member

from .test_journal_grid import lesson_today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _login(page, user):
    page.goto("/login/")
    page.get_by_label("Логин").fill(user.username)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_load_state()


def _world():
    """Today's maths lesson with marks for the first pupil, whose mother has her
    application and consent registered; a second subject with a long name."""
    today, group, subject, teacher, (first, _second) = lesson_today()
    kind = WorkKind.objects.get(school=group.school)
    for days_ago, value in enumerate(("5", "4", "5", "3", "5", "4", "4", "5")):
        lesson = Lesson.objects.create(
            school=group.school,
            group=group,
            subject=subject,
            date=today - datetime.timedelta(days=days_ago),
            lesson_number=1,
            teacher=teacher,
            topic="Сложение дробей",
        )
        Mark.objects.create(
            school=group.school,
            lesson=lesson,
            student=first,
            author=teacher,
            work_kind=kind,
            value=value,
            comment="Устный ответ у доски, решение задачи повышенной сложности",
        )
    long_name = SubjectFactory(
        school=group.school, name="Основы безопасности и защиты Родины"
    )
    from school.tests.factories import TeachingAssignmentFactory

    TeachingAssignmentFactory(
        group=group,
        subject=long_name,
        teacher=teacher,
        starts_on=today - datetime.timedelta(days=30),
    )
    mother = member(Role.PARENT, group.school, last_name="Абрамова")
    guardian = GuardianFactory(school=group.school, user=mother)
    guardian.relations.create(school=group.school, student=first, relation="mother")
    register_diary_access(guardian, first)
    return today, group, subject, teacher, first, mother


def test_subjects_page_on_a_phone_is_one_card_a_subject_without_sideways_scroll(
    browser, live_server
):
    # given
    _today, _group, _subject, _teacher, first, mother = _world()
    context = browser.new_context(
        locale="ru-RU", base_url=live_server.url, viewport=PHONE
    )
    phone = context.new_page()
    phone.set_default_timeout(15_000)
    _login(phone, mother)
    # when
    phone.goto(f"/diary/{first.pk}/subjects/")
    # then: a card per subject, the forecast before the marks, all within the screen
    cards = phone.locator(".diary-subject-card")
    assert cards.count() == 2
    maths = cards.filter(has_text="Математика")
    forecast = maths.locator(".diary-forecast")
    forecast.wait_for()
    assert forecast.inner_text().split()[-1] == "4"  # 35 / 8 = 4.38 → 4
    box, marks = forecast.bounding_box(), maths.locator(".diary-subject-marks")
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert box["y"] < marks.bounding_box()["y"]
    assert phone.evaluate(
        "document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth"
    )
    context.close()


def test_main_pages_load_without_console_errors_with_a_title_and_an_icon(
    browser, live_server
):
    # given: the teacher, the mother, the sysadmin and the deputy of one school
    _today, group, subject, teacher, first, mother = _world()
    school = group.school
    sysadmin = member(Role.SYSADMIN, school)
    deputy = member(Role.DEPUTY, school)
    lesson_page = f"/journal/groups/{group.pk}/subjects/{subject.pk}/"
    visits = {
        teacher: ["/", lesson_page],
        mother: [
            "/",
            f"/diary/{first.pk}/week/",
            f"/diary/{first.pk}/subjects/",
            f"/diary/{first.pk}/class/",
            "/diary/messages/",
            "/diary/consents/mine/",
        ],
        sysadmin: ["/", f"/schools/{school.pk}/events/", "/credentials/"],
        deputy: ["/", "/journal/corrections/queue/", "/diary/consents/"],
    }
    errors, titles = [], {}
    for user, urls in visits.items():
        context = browser.new_context(locale="ru-RU", base_url=live_server.url)
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.on(
            "console",
            lambda m, u=user: m.type == "error" and errors.append((u.username, m.text)),
        )
        page.on("pageerror", lambda e, u=user: errors.append((u.username, str(e))))
        failed = []
        page.on(
            "response",
            lambda r, f=failed: r.status >= 400 and f.append((r.status, r.url)),
        )
        _login(page, user)
        for url in urls:
            # when
            response = page.goto(url)
            page.wait_for_load_state("networkidle")
            # then
            assert response.status < 400, (url, response.status)
            titles[(user.username, url)] = page.title()
            icon = page.locator("link[rel=icon]").get_attribute("href")
            assert icon.endswith(".svg")
        assert page.request.get(icon).status == 200
        assert not failed, failed
        context.close()
    assert not errors, errors
    assert all(title.endswith("· Электронный журнал") for title in titles.values())
    pages = [t for (_u, url), t in titles.items() if url != "/"]
    assert len(set(pages)) == len(pages), titles
