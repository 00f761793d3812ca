"""Render a parent's diary week (and the marks-by-subject page) N times; time the
week selector for a whole class (the weekly digest's path); print figures.

    .venv/bin/python bench/diary_week.py [--runs 20] [--database-url ...]

Builds a fresh PostgreSQL database (dropped and created), migrates it, writes one
class of 30 pupils with a full timetable (6 lessons a day, Monday–Friday, 10
subjects) and a period of 12 weeks of journal: every lesson held with a topic and
homework, two marks per pupil on most lessons, some absences. Then times GET of
the diary pages with Django's test Client.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PUPILS = 30
WEEKS = 12
SUBJECTS = 10
DAYS = (1, 2, 3, 4, 5)
LESSONS_A_DAY = 6


def fresh_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def build():
    """One class with a full week of lessons over a period ending after today."""
    from journal.models import Attendance, Homework, Lesson, Mark
    from school.models import GradingScale, GradingScaleKind, Role
    from school.tests import factories as f

    school = f.SchoolFactory()
    today = school.local_today()
    monday = today - datetime.timedelta(days=today.isoweekday() - 1)
    start = monday - datetime.timedelta(weeks=WEEKS - 1)
    end = monday + datetime.timedelta(weeks=2)
    year = f.AcademicYearFactory(
        school=school, starts_on=start, ends_on=end + datetime.timedelta(days=60)
    )
    f.StudyPeriodFactory(scheme__year=year, starts_on=start, ends_on=end)
    f.BellScheduleFactory(school=school)
    GradingScale.objects.create(
        school=school,
        name="5",
        kind=GradingScaleKind.FIVE_POINT,
        values=["1", "2", "3", "4", "5"],
        pass_threshold="3",
    )
    group = f.StudyGroupFactory(year=year, school_class__grade=7)
    teachers = [f.member(Role.TEACHER, school) for _ in range(SUBJECTS)]
    subjects = [
        f.SubjectFactory(school=school, name=f"Предмет {n + 1}")
        for n in range(SUBJECTS)
    ]
    for subject, teacher in zip(subjects, teachers, strict=True):
        f.TeachingAssignmentFactory(
            group=group, subject=subject, teacher=teacher, starts_on=start
        )
    slots = []
    for weekday in DAYS:
        for number in range(1, LESSONS_A_DAY + 1):
            n = (weekday * LESSONS_A_DAY + number) % SUBJECTS
            slots.append((weekday, number, n))
            f.TimetableEntryFactory(
                group=group,
                subject=subjects[n],
                teacher=teachers[n],
                weekday=weekday,
                lesson_number=number,
                starts_on=start,
            )
    kinds = [
        f.WorkKindFactory(school=school, name="Ответ на уроке", short_name="отв"),
        f.WorkKindFactory(school=school, name="Контрольная работа", weight=2),
    ]
    pupils = [
        f.GroupMembershipFactory(group=group, starts_on=start).student
        for _ in range(PUPILS)
    ]
    parent = f.member(Role.PARENT, school)
    guardian = f.GuardianFactory(school=school, user=parent)
    for child in pupils[:2]:
        guardian.relations.create(school=school, student=child, relation="mother")
    lessons = Lesson.objects.bulk_create(
        Lesson(
            school=school,
            group=group,
            subject=subjects[n],
            date=start + datetime.timedelta(weeks=week, days=weekday - 1),
            lesson_number=number,
            teacher=teachers[n],
            topic=f"Тема урока {week}-{weekday}-{number}",
        )
        for week in range(WEEKS)
        for weekday, number, n in slots
    )
    Homework.objects.bulk_create(
        Homework(
            school=school,
            lesson=lesson,
            text="Параграф 5, № 1–7",
            author=lesson.teacher,
        )
        for lesson in lessons
    )
    Mark.objects.bulk_create(
        Mark(
            school=school,
            author=lesson.teacher,
            lesson=lesson,
            student=pupil,
            work_kind=kind,
            value=str(2 + (i + j) % 4),
            comment="Хорошо" if (i + j) % 5 == 0 else "",
        )
        for i, lesson in enumerate(lessons)
        for j, pupil in enumerate(pupils)
        for kind in kinds[: 1 + (i + j) % 2]
        if (i + j) % 3
    )
    Attendance.objects.bulk_create(
        Attendance(
            school=school,
            author=lesson.teacher,
            lesson=lesson,
            student=pupil,
            value="н",
        )
        for i, lesson in enumerate(lessons)
        for j, pupil in enumerate(pupils)
        if (i + j) % 13 == 0
    )
    return parent, pupils, monday, len(lessons), Mark.objects.count()


def timed(client, url, runs):
    client.get(url)  # warm up templates and translations
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    timings.sort()
    return statistics.median(timings), timings[max(0, round(0.95 * runs) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL",
            "postgres://postgres@127.0.0.1:5432/ejournal_bench_diary",
        ),
    )
    args = parser.parse_args()
    fresh_database(args.database_url)
    os.environ["DJANGO_SETTINGS_MODULE"] = "ejournal.settings.local"
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from diary.selectors.week import diary_weeks

    call_command("migrate", verbosity=0)
    parent, pupils, monday, lessons, marks = build()
    print(
        f"class of {PUPILS} pupils, {lessons} lessons over {WEEKS} weeks, "
        f"{marks} marks, {args.runs} runs"
    )
    client = Client()
    client.force_login(parent)
    pages = {
        "week page": reverse("diary:week", args=[pupils[0].pk]) + f"?week={monday}",
        "subjects page": reverse("diary:subjects", args=[pupils[0].pk]),
    }
    for label, url in pages.items():
        median, p95 = timed(client, url, args.runs)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        print(
            f"{label:14} median {median:7.1f} ms   p95 {p95:7.1f} ms   "
            f"queries {len(queries):3}   size {len(response.content):,} B"
        )
    diary_weeks(pupils, monday)
    timings = []
    for _ in range(max(3, args.runs // 4)):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            weeks = diary_weeks(pupils, monday)
        timings.append((time.perf_counter() - started) * 1000)
    week_marks = sum(w.marks_count for w in weeks.values())
    print(
        f"diary_weeks for the whole class ({week_marks} marks this week): "
        f"median {statistics.median(timings):7.1f} ms   queries {len(queries)}"
    )


if __name__ == "__main__":
    main()
