"""Send the weekly e-mail digest for a whole demo city; print figures per batch.

    .venv/bin/python bench/diary_digest.py [--size city|small] [--batch 200]
        [--share 0.6] [--database-url ...]

Builds a fresh PostgreSQL database (dropped and created), migrates it, seeds the
demo city with `seed_demo`, then registers with bulk inserts an application for
the e-mail digest and a full consent sheet for a share of the parent–child links,
and one held lesson with a mark for every pupil this week. The digests go to a
local SMTP server (aiosmtpd) in batches, one SMTP connection per batch; the
queries of each batch are counted. A second run must send nothing.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def fresh_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


class Sink:
    """An SMTP handler that only counts letters and connections."""

    def __init__(self):
        self.letters = 0
        self.connections = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server, session, envelope):
        self.letters += 1
        return "250 OK"


def start_smtp():
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    return sink, controller, port


def papers(share: float, monday):
    """Applications for the e-mail digest with full consents, and this week's
    journal: one held lesson per class with a mark for every pupil."""
    from django.utils import timezone

    from diary.models import (
        CONSENT_ACTIONS,
        CONSENT_CATEGORIES,
        AccessApplication,
        Consent,
        DeliveryForm,
    )
    from journal.models import Lesson, Mark
    from school.models import (
        GroupKind,
        GroupMembership,
        GuardianRelation,
        TeachingAssignment,
        User,
        WorkKind,
    )

    admin = User.objects.filter(is_superuser=True).first()
    now = timezone.now()
    links = list(
        GuardianRelation.objects.order_by("pk").values_list(
            "pk", "school_id", "guardian_id", "student_id"
        )
    )
    chosen = [link for link in links if (link[0] * 7919) % 100 < share * 100]
    AccessApplication.objects.bulk_create(
        AccessApplication(
            school_id=school_id,
            guardian_id=guardian_id,
            student_id=student_id,
            delivery=DeliveryForm.EMAIL,
            email=f"parent{guardian_id}@example.ru",
            submitted_on=monday,
            registered_at=now,
            registered_by=admin,
        )
        for _pk, school_id, guardian_id, student_id in chosen
    )
    categories = [code for code, _label in CONSENT_CATEGORIES]
    actions = [code for code, _label in CONSENT_ACTIONS]
    Consent.objects.bulk_create(
        Consent(
            school_id=school_id,
            guardian_id=guardian_id,
            student_id=student_id,
            signer_name="—",
            categories=categories,
            actions=actions,
            allows_electronic=True,
            allows_paper=True,
            signed_on=monday,
            registered_at=now,
            registered_by=admin,
        )
        for _pk, school_id, guardian_id, student_id in chosen
    )
    kinds = {}
    for kind in WorkKind.objects.order_by("pk"):
        kinds.setdefault(kind.school_id, kind)
    lessons = []
    for load in (
        TeachingAssignment.objects.filter(group__kind=GroupKind.CLASS)
        .order_by("group_id", "pk")
        .distinct("group_id")
    ):
        lessons.append(
            Lesson(
                school_id=load.school_id,
                group_id=load.group_id,
                subject_id=load.subject_id,
                date=monday,
                lesson_number=1,
                teacher_id=load.teacher_id,
                topic="Повторение",
            )
        )
    Lesson.objects.bulk_create(lessons)
    by_group = {lesson.group_id: lesson for lesson in lessons}
    marks = []
    for member in GroupMembership.objects.filter(group_id__in=by_group).on(monday):
        lesson = by_group[member.group_id]
        kind = kinds.get(lesson.school_id)
        if kind is None:
            continue
        marks.append(
            Mark(
                school_id=lesson.school_id,
                lesson=lesson,
                student_id=member.student_id,
                author_id=lesson.teacher_id,
                work_kind=kind,
                value=str(3 + member.student_id % 3),
            )
        )
    Mark.objects.bulk_create(marks, batch_size=5000)
    return len(links), len(chosen), len(lessons), len(marks)


def send_all(monday, batch_size: int):
    """Every school's digests, batch by batch: (ms, queries, sent) per batch."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from diary.services.delivery import digest_batch_send
    from school.models import School

    batches = []
    for school in School.objects.order_by("pk"):
        after_id = 0
        while True:
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                result = digest_batch_send(
                    school=school, monday=monday, after_id=after_id, limit=batch_size
                )
                elapsed = (time.perf_counter() - started) * 1000
            if not result.recipients:
                break
            batches.append((elapsed, len(queries), result.sent, result.recipients))
            after_id = result.last_id
    return batches


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="city")
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--share", type=float, default=0.6)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL",
            "postgres://postgres@127.0.0.1:5432/ejournal_bench_digest",
        ),
    )
    args = parser.parse_args()
    fresh_database(args.database_url)
    os.environ["DJANGO_SETTINGS_MODULE"] = "ejournal.settings.local"
    os.environ["DATABASE_URL"] = args.database_url
    os.environ["DJANGO_DEBUG"] = "false"
    import io
    import logging

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from diary.selectors.week import monday_of
    from school.models import School

    logging.getLogger("mail.log").setLevel(logging.WARNING)
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    # The structure only: the digest bench registers its own applications and lessons.
    call_command("seed_demo", size=args.size, no_term=True, stdout=io.StringIO())
    seeded = time.perf_counter() - started
    school = School.objects.order_by("pk").first()
    monday = monday_of(school.local_today())
    links, chosen, lessons, marks = papers(args.share, monday)
    # Bulk inserts leave the planner's statistics empty; autovacuum would fill
    # them in a running installation.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    sink, controller, port = start_smtp()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    try:
        started = time.perf_counter()
        batches = send_all(monday, args.batch)
        total = time.perf_counter() - started
        started = time.perf_counter()
        again = send_all(monday, args.batch)
        second = time.perf_counter() - started
    finally:
        controller.stop()
    sent = sum(b[2] for b in batches)
    timings = sorted(b[0] for b in batches)
    queries = sorted({b[1] for b in batches})
    p95 = timings[max(0, round(0.95 * len(timings)) - 1)] if timings else 0
    print(
        f"city {args.size}: {School.objects.count()} schools seeded in {seeded:.0f} s; "
        f"{links} parent–child links, {chosen} chose the e-mail digest with consent"
    )
    print(f"this week: {lessons} lessons, {marks} marks")
    print(
        f"batches: {len(batches)} of at most {args.batch}; letters sent {sent}, "
        f"received by SMTP {sink.letters}, SMTP connections {sink.connections}"
    )
    print(
        f"per batch: median {statistics.median(timings):.0f} ms, p95 {p95:.0f} ms; "
        f"queries per batch: {', '.join(map(str, queries))} (batch sizes "
        f"{min(b[3] for b in batches)}–{max(b[3] for b in batches)})"
    )
    print(
        f"total {total:.1f} s, {sent / total:.0f} letters/s; second run: "
        f"{sum(b[2] for b in again)} letters in {second:.1f} s"
    )


if __name__ == "__main__":
    main()
