"""Render the journal grid of 30 pupils × 60 lessons with marks N times; print figures.

    .venv/bin/python bench/journal_grid.py [--runs 20] [--database-url ...]

Builds a fresh PostgreSQL database (dropped and created), migrates it, writes one
school with bulk inserts, then times GET of the grid page with Django's test Client.
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
WEEKS = 15
WEEKDAYS = (1, 2, 3, 4)  # four lessons a week × 15 weeks = 60 lessons


def fresh_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def build():
    """One school, a period around today, a maths group with 60 lessons marked."""
    from journal.models import Attendance, Lesson, Mark
    from school.models import Bell, GradingScale, GradingScaleKind, Role
    from school.tests import factories as f

    school = f.SchoolFactory()
    today = school.local_today()
    monday = today - datetime.timedelta(days=today.isoweekday() - 1)
    start = monday - datetime.timedelta(weeks=WEEKS - 2)
    end = start + datetime.timedelta(weeks=WEEKS, days=-1)
    year = f.AcademicYearFactory(
        school=school, starts_on=start, ends_on=end + datetime.timedelta(days=60)
    )
    f.StudyPeriodFactory(scheme__year=year, starts_on=start, ends_on=end)
    schedule = f.BellScheduleFactory(school=school, bells=False)
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
    group = f.StudyGroupFactory(year=year, school_class__grade=7)
    subject = f.SubjectFactory(school=school, name="Математика")
    teacher = f.member(Role.TEACHER, school)
    f.TeachingAssignmentFactory(
        group=group, subject=subject, teacher=teacher, starts_on=start
    )
    for weekday in WEEKDAYS:
        f.TimetableEntryFactory(
            group=group,
            subject=subject,
            teacher=teacher,
            weekday=weekday,
            lesson_number=1,
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
    days = [
        start + datetime.timedelta(weeks=week, days=weekday - 1)
        for week in range(WEEKS)
        for weekday in WEEKDAYS
    ]
    lessons = Lesson.objects.bulk_create(
        Lesson(
            school=school,
            group=group,
            subject=subject,
            date=day,
            lesson_number=1,
            teacher=teacher,
        )
        for day in days
    )
    common = {"school": school, "author": teacher}
    Mark.objects.bulk_create(
        Mark(
            **common,
            lesson=lesson,
            student=pupil,
            work_kind=kinds[(i + j) % 7 == 0],
            value=str(2 + (i * 7 + j) % 4),
        )
        for i, lesson in enumerate(lessons)
        for j, pupil in enumerate(pupils)
        if (i + j) % 3
    )
    Attendance.objects.bulk_create(
        Attendance(**common, lesson=lesson, student=pupil, value="н")
        for i, lesson in enumerate(lessons)
        for j, pupil in enumerate(pupils)
        if (i + j) % 11 == 0
    )
    return teacher, group, subject, len(lessons), Mark.objects.count()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--profile", action="store_true", help="print where one render spends time"
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL",
            "postgres://postgres@127.0.0.1:5432/ejournal_bench_grid",
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

    call_command("migrate", verbosity=0)
    teacher, group, subject, lessons, marks = build()
    client = Client()
    client.force_login(teacher)
    url = reverse("journal:grid", args=(group.pk, subject.pk))
    client.get(url)  # warm up templates and translations
    timings = []
    for _ in range(args.runs):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    timings.sort()
    p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
    print(f"grid {PUPILS} pupils × {lessons} lessons, {marks} marks, {args.runs} runs")
    print(f"median {statistics.median(timings):7.1f} ms   p95 {p95:7.1f} ms")
    print(f"queries per page: {len(queries)}   page size: {len(response.content):,} B")
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(client.get, url)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    main()
