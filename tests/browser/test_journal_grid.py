import datetime

import pytest

from journal.models import Attendance, Mark
from school.models import Bell, GradingScale, GradingScaleKind, Role
from school.tests.factories import (
    PASSWORD,
    AcademicYearFactory,
    BellScheduleFactory,
    GroupMembershipFactory,
    SchoolFactory,
    StudyGroupFactory,
    StudyPeriodFactory,
    SubjectFactory,
    TeachingAssignmentFactory,
    TimetableEntryFactory,
    WorkKindFactory,
    member,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def lesson_today():
    """A school whose lesson 1 of today started at midnight: its window is open."""
    school = SchoolFactory()
    today = school.local_today()
    if today.isoweekday() == 7:
        pytest.skip("no lessons on Sunday")
    month = datetime.timedelta(days=30)
    year = AcademicYearFactory(
        school=school, starts_on=today - 2 * month, ends_on=today + 2 * month
    )
    StudyPeriodFactory(
        scheme__year=year, starts_on=today - month, ends_on=today + month
    )
    schedule = BellScheduleFactory(school=school, bells=False)
    Bell.objects.create(
        schedule=schedule,
        number=1,
        starts_at=datetime.time(0, 0),
        ends_at=datetime.time(0, 1),
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
    teacher = member(Role.TEACHER, school)
    TeachingAssignmentFactory(
        group=group, subject=subject, teacher=teacher, starts_on=today - month
    )
    TimetableEntryFactory(
        group=group,
        subject=subject,
        teacher=teacher,
        weekday=today.isoweekday(),
        lesson_number=1,
        starts_on=today - month,
    )
    WorkKindFactory(school=school, name="Ответ на уроке")
    pupils = [
        GroupMembershipFactory(
            group=group,
            starts_on=today - month,
            student__user__last_name=last_name,
        ).student
        for last_name in ("Абрамов", "Борисова")
    ]
    return today, group, subject, teacher, pupils


def open_grid(page, teacher, group, subject):
    page.goto("/login/")
    page.get_by_label("Логин").fill(teacher.username)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_load_state()
    page.goto(f"/journal/groups/{group.pk}/subjects/{subject.pk}/")


def test_teacher_types_a_mark_and_an_absence(page):
    # given
    today, group, subject, teacher, (first, second) = lesson_today()
    open_grid(page, teacher, group, subject)

    def cell(pupil):
        return f"#jg-{pupil.pk}-{today:%Y%m%d}-1"

    # when
    page.locator(cell(first)).click()
    page.keyboard.type("5")
    page.keyboard.press("Enter")
    page.locator(cell(first) + "[data-state='saved']").wait_for()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.id") == cell(second)[1:]
    # Playwright types Cyrillic as bare text input; a Russian layout sends keydown.
    page.locator(cell(second)).dispatch_event("keydown", {"key": "н", "bubbles": True})
    page.keyboard.press("Enter")
    page.locator(cell(second) + "[data-state='saved']").wait_for()
    page.reload()
    # then
    assert page.locator(cell(first)).inner_text().strip() == "5"
    assert page.locator(cell(second)).inner_text().strip() == "н"
    assert "5,00" in page.locator(f"#jg-avg-{first.pk}").inner_text()
    assert Mark.objects.get().student == first
    assert Attendance.objects.get().student == second


def test_a_bad_mark_shows_the_error_in_the_cell(page):
    today, group, subject, teacher, (first, _second) = lesson_today()
    open_grid(page, teacher, group, subject)
    selector = f"#jg-{first.pk}-{today:%Y%m%d}-1"
    page.locator(selector).click()
    page.keyboard.type("9")
    page.keyboard.press("Enter")
    page.locator(selector + "[data-state='error']").wait_for()
    assert "не отметка" in page.locator(selector).text_content()
    assert "не отметка" in page.locator(selector).get_attribute("title")
    assert not Mark.objects.exists()


def test_a_pasted_column_fills_the_cells_downwards(page):
    # given
    today, group, subject, teacher, (first, second) = lesson_today()
    open_grid(page, teacher, group, subject)
    selector = f"#jg-{first.pk}-{today:%Y%m%d}-1"
    page.locator(selector).click()
    # when: two lines copied from a spreadsheet
    page.evaluate(
        """(selector) => {
            const data = new DataTransfer();
            data.setData("text/plain", "4\\r\\n3\\r\\n");
            const event = new ClipboardEvent(
                "paste", {clipboardData: data, bubbles: true}
            );
            document.querySelector(selector).dispatchEvent(event);
        }""",
        selector,
    )
    # then
    page.locator(f"#jg-{second.pk}-{today:%Y%m%d}-1[data-state='saved']").wait_for()
    page.locator(selector + "[data-state='saved']").wait_for()
    marks = {m.student: m.value for m in Mark.objects.all()}
    assert marks == {first: "4", second: "3"}


def test_a_comment_goes_with_the_mark_and_the_cell_shows_its_history(page):
    # given
    today, group, subject, teacher, (first, _second) = lesson_today()
    open_grid(page, teacher, group, subject)
    selector = f"#jg-{first.pk}-{today:%Y%m%d}-1"
    # when: a comment is typed, then the mark
    page.get_by_label("Комментарий к следующей отметке").fill("Устный ответ у доски")
    page.locator(selector).click()
    page.keyboard.type("4")
    page.keyboard.press("Enter")
    page.locator(selector + "[data-state='saved']").wait_for()
    page.get_by_role("button", name="История ячейки").click()
    # then: the mark keeps the comment, the history names the teacher
    history = page.locator("#jg-history")
    history.get_by_text("Внесено: Ответ на уроке").wait_for()
    assert teacher.get_full_name() in history.inner_text()
    assert Mark.objects.get().comment == "Устный ответ у доски"
    assert page.get_by_label("Комментарий к следующей отметке").input_value() == ""
    title = page.locator(selector + " .jg-mark").get_attribute("title")
    assert title == "Ответ на уроке: Устный ответ у доски"


def test_a_locked_cell_says_why_and_links_to_a_correction_request(page):
    # given: last week's lesson, its window long closed
    today, group, subject, teacher, (first, _second) = lesson_today()
    last_week = today - datetime.timedelta(days=7)
    open_grid(page, teacher, group, subject)
    selector = f"#jg-{first.pk}-{last_week:%Y%m%d}-1"
    # when: the teacher tries to type into it
    page.locator(selector).click()
    page.keyboard.type("5")
    # then: nothing is saved; the reason and the request link are shown
    status = page.locator("#jg-status")
    assert "заявку" in status.inner_text()
    status.get_by_role("link", name="Подать заявку на исправление").click()
    page.wait_for_load_state()
    assert page.get_by_label("Ученик").input_value() == str(first.pk)
    assert not Mark.objects.exists()
