"""A small school for the diary week tests: one class 5А with two subjects, a pupil
with a parent, and a second family in another class (the foreign child)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from diary.tests.factories import register_diary_access
from journal.models import Attendance, Homework, Lesson, Mark
from school.models import (
    GradingScale,
    GradingScaleKind,
    Role,
    StudyPeriod,
)
from school.tests.factories import (
    AcademicYearFactory,
    BellScheduleFactory,
    GroupMembershipFactory,
    GuardianFactory,
    PeriodSchemeFactory,
    SchoolFactory,
    StudyGroupFactory,
    SubjectFactory,
    TeachingAssignmentFactory,
    TimetableEntryFactory,
    WorkKindFactory,
    at,  # noqa: F401 (used by the tests here)
    member,
)

MONDAY = datetime.date(2026, 11, 23)
TUESDAY = MONDAY + datetime.timedelta(days=1)


def parent_of(student, school=None, *, papers=True):
    """The pupil's mother; with papers, her application and consent are registered
    so the web diary is open to her."""
    school = school or student.school
    parent = member(Role.PARENT, school, last_name="Петрова", first_name="Анна")
    guardian = GuardianFactory(school=school, user=parent)
    guardian.relations.create(school=school, student=student, relation="mother")
    if papers:
        register_diary_access(guardian, student)
    return parent


def student_login(student):
    student.user.memberships.create(
        school=student.school, municipality=student.school.municipality, role="student"
    )
    return student.user


def build_school():
    """5А with maths (Mon 2, Wed 1) and Russian (Tue 3); a foreign family in 5Б."""
    school = SchoolFactory(time_zone="Europe/Moscow")
    year = AcademicYearFactory(school=school)
    BellScheduleFactory(school=school)
    GradingScale.objects.create(
        school=school,
        name="5",
        kind=GradingScaleKind.FIVE_POINT,
        values=["1", "2", "3", "4", "5"],
        pass_threshold="3",
        grade_from=2,
        grade_to=11,
    )
    scheme = PeriodSchemeFactory(year=year, school=school)
    quarter = StudyPeriod.objects.create(
        school=school,
        scheme=scheme,
        number=2,
        name="2 четверть",
        starts_on=datetime.date(2026, 11, 5),
        ends_on=datetime.date(2026, 12, 28),
    )
    group = StudyGroupFactory(year=year, school_class__grade=5)
    other = StudyGroupFactory(year=year, school_class__grade=5)
    maths = SubjectFactory(school=school, name="Математика")
    russian = SubjectFactory(school=school, name="Русский язык")
    teacher = member(Role.TEACHER, school, last_name="Сидорова", first_name="Мария")
    teacher2 = member(Role.TEACHER, school, last_name="Орлов", first_name="Павел")
    TeachingAssignmentFactory(
        group=group, subject=maths, teacher=teacher, hours_per_week=Decimal(2)
    )
    TeachingAssignmentFactory(
        group=group, subject=russian, teacher=teacher2, hours_per_week=Decimal(1)
    )
    TeachingAssignmentFactory(group=other, subject=maths, teacher=teacher)
    entries = {
        "maths_mon": TimetableEntryFactory(
            group=group, subject=maths, teacher=teacher, weekday=1, lesson_number=2
        ),
        "maths_wed": TimetableEntryFactory(
            group=group, subject=maths, teacher=teacher, weekday=3, lesson_number=1
        ),
        "russian_tue": TimetableEntryFactory(
            group=group, subject=russian, teacher=teacher2, weekday=2, lesson_number=3
        ),
        "other_mon": TimetableEntryFactory(
            group=other, subject=maths, teacher=teacher, weekday=1, lesson_number=4
        ),
    }
    pupil = GroupMembershipFactory(group=group).student
    foreign = GroupMembershipFactory(group=other).student
    kind = WorkKindFactory(school=school, name="Ответ на уроке", short_name="отв")
    test_kind = WorkKindFactory(
        school=school, name="Контрольная работа", weight=Decimal(2), is_control=True
    )
    return {
        "school": school,
        "year": year,
        "quarter": quarter,
        "group": group,
        "other": other,
        "maths": maths,
        "russian": russian,
        "teacher": teacher,
        "teacher2": teacher2,
        "entries": entries,
        "pupil": pupil,
        "foreign": foreign,
        "kind": kind,
        "test_kind": test_kind,
    }


def lesson(s, subject=None, day=MONDAY, number=2, group=None, topic="Дроби"):
    subject = subject or s["maths"]
    return Lesson.objects.create(
        school=s["school"],
        group=group or s["group"],
        subject=subject,
        date=day,
        lesson_number=number,
        teacher=s["teacher"] if subject == s["maths"] else s["teacher2"],
        topic=topic,
    )


def mark(s, at_lesson, value="5", student=None, kind=None, comment=""):
    return Mark.objects.create(
        school=s["school"],
        lesson=at_lesson,
        student=student or s["pupil"],
        author=at_lesson.teacher,
        work_kind=kind or s["kind"],
        value=value,
        comment=comment,
    )


def absent(s, at_lesson, value="б", student=None):
    return Attendance.objects.create(
        school=s["school"],
        lesson=at_lesson,
        student=student or s["pupil"],
        author=at_lesson.teacher,
        value=value,
    )


def homework(s, at_lesson, text="№ 12, 14", student=None, attachment=None):
    item = Homework(
        school=s["school"],
        lesson=at_lesson,
        student=student,
        text=text,
        author=at_lesson.teacher,
    )
    if attachment is not None:
        item.attachment.save(*attachment, save=False)
    item.save()
    return item
