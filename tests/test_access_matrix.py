"""Every URL pattern of the project, every role, own and foreign objects (issue 16
item 11; REQUIREMENTS A4).

How to add a URL: add a row to MATRIX under its name ("app:url-name"). Each
string holds one answer per role in ROLES order (sysadmin director deputy
teacher other_teacher class_teacher parent other_parent pupil inspector
anonymous): a status code, or L for the redirect to the login page.
  own=      objects of the role's own class, family and teacher (school A),
  other=    the other class and family of school A (omit if the URL names none),
  foreign=  the same objects in school B of another department.
A URL that takes a `pk` says which world object it names (pk="consent"; the
other variant uses other_consent); kwargs are filled from
tests/access_matrix_engine.kwarg_values, which knows every kwarg name in use —
a new kwarg name is added there and to tests/access_world.py. Every refused
request (403, 404, L) is also sent as a POST, and the content of every table
must be unchanged afterwards; a view that takes only POST answers GET with 405
and gives its POST answers in post={"own": ..., ...}.
Admin pages are one rule (ADMIN_CODES) for all of admin:*.

ACCESS_MATRIX_RECORD=<file> writes the observed rows to the file instead of
asserting (ACCESS_MATRIX_ONLY=name,name limits it): for a new URL, record it,
then read every answer before pasting the row here.
"""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.access_matrix_engine import (
    DENIALS,
    ROLES,
    Row,
    answer,
    database_digest,
    pattern_groups,
    route_url,
    url_for,
    walk,
)

RECORD = os.environ.get("ACCESS_MATRIX_RECORD")
RECORD_ONLY = set(filter(None, os.environ.get("ACCESS_MATRIX_ONLY", "").split(",")))

# Admin pages: only the platform superuser works there; nobody in ROLES does.
ADMIN_ROLES = ("anonymous", "sysadmin", "parent")

PKS = {
    "school:import-detail": "import_job",
    "diary:consent-detail": "consent",
    "diary:consent-revoke": "consent",
    "diary:consent-application-detail": "application",
    "diary:message-detail": "conversation",
    "diary:message-reply": "conversation",
    "diary:announcement-detail": "announcement",
    "diary:announcement-withdraw": "announcement",
    "diary:poll-detail": "poll",
    "diary:poll-vote": "poll",
    "diary:poll-close": "poll",
    "archive:export-detail": "export_job",
    "archive:export-download": "export_job",
    "audit:compromise-detail": "compromise_report",
    "audit:compromise-review": "compromise_report",
    "audit:compromise-password": "compromise_report",
}

# Pages that write: every refused request to them is also sent as a POST.
WRITES = {
    "archive:export-create",
    "audit:compromise-create",
    "audit:compromise-self",
    "audit:compromise-review",
    "audit:compromise-password",
    "journal:final-correction-create",
    "profile",
    "school:group-member-add",
    "school:import-detail",
    "school:import-list",
    "diary:announcement-create",
    "diary:announcement-withdraw",
    "diary:consent-application-create",
    "diary:consent-create",
    "diary:consent-revoke",
    "diary:message-create",
    "diary:message-reply",
    "diary:poll-close",
    "diary:poll-create",
    "diary:poll-vote",
    "journal:correction-create",
    "journal:correction-decide",
    "journal:final-marks",
    "journal:grid-cell",
    "journal:lesson",
    "journal:period-close",
    "journal:period-marks",
    "login",
    "logout",
    "password-change",
    "role-switch",
    "school:bell-schedule-create",
    "school:bell-schedule-edit",
    "school:class-create",
    "school:class-teacher-assign",
    "school:control-work-create",
    "school:control-work-delete",
    "school:control-work-update",
    "school:credentials",
    "school:curriculum-set",
    "school:grading-scale-create",
    "school:group-create",
    "school:group-member-end",
    "school:guardian-edit",
    "school:guardian-link",
    "school:guardian-unlink",
    "school:holiday-create",
    "school:individual-plan-create",
    "school:load-create",
    "school:load-end",
    "school:period-scheme-create",
    "school:plan-copy",
    "school:plan-import",
    "school:plan-item-create",
    "school:plan-item-delete",
    "school:plan-item-update",
    "school:pupil-edit",
    "school:room-create",
    "school:room-update",
    "school:settings",
    "school:staff-dismiss",
    "school:staff-hire",
    "school:student-admit",
    "school:student-leave",
    "school:student-transfer",
    "school:subject-create",
    "school:subject-update",
    "school:timetable-change-create",
    "school:timetable-entry-create",
    "school:timetable-entry-end",
    "school:two-factor-enrol",
    "school:two-factor-reset",
    "school:work-kind-create",
}

# fmt: off
MATRIX: dict[str, Row] = {
    "diary:announcement-create": Row(
        own="404 200 200 200 200 200 404 404 404 404 L",
    ),
    "diary:announcement-detail": Row(
        own="404 200 200 404 404 200 200 404 200 404 L",
        other="404 200 200 404 404 404 404 200 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
        pk="announcement",
    ),
    "diary:announcement-list": Row(
        own="200 200 200 200 200 200 200 200 200 404 L",
    ),
    "diary:announcement-withdraw": Row(
        own="405 405 405 405 405 405 405 405 405 405 L",
        other="405 405 405 405 405 405 405 405 405 405 L",
        foreign="405 405 405 405 405 405 405 405 405 405 L",
        post={
            "own": "404 302 302 404 404 302 404 404 404 404 L",
            "other": "404 302 302 404 404 404 404 404 404 404 L",
            "foreign": "404 404 404 404 404 404 404 404 404 404 L",
        },
        pk="announcement",
    ),
    "diary:class-info": Row(
        own="404 404 404 404 404 404 200 404 200 404 L",
        other="404 404 404 404 404 404 404 200 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "diary:consent-application-create": Row(
        own="404 200 200 404 404 200 404 404 404 404 L",
        other="404 200 200 404 404 404 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "diary:consent-application-detail": Row(
        own="404 200 200 404 404 200 200 404 404 404 L",
        other="404 200 200 404 404 404 404 200 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
        pk="application",
    ),
    "diary:consent-class": Row(
        own="404 200 200 404 404 200 404 404 404 404 L",
        other="404 200 200 404 404 404 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "diary:consent-classes": Row(
        own="404 200 200 404 404 200 404 404 404 404 L",
    ),
    "diary:consent-create": Row(
        own="404 200 200 404 404 200 404 404 404 404 L",
        other="404 200 200 404 404 404 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "diary:consent-detail": Row(
        own="404 200 200 404 404 200 200 404 404 404 L",
        other="404 200 200 404 404 404 404 200 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
        pk="consent",
    ),
    "diary:consent-mine": Row(
        own="404 404 404 404 404 404 200 200 404 404 L",
    ),
    "diary:consent-revoke": Row(
        own="405 405 405 405 405 405 405 405 405 405 L",
        other="405 405 405 405 405 405 405 405 405 405 L",
        foreign="405 405 405 405 405 405 405 405 405 405 L",
        post={
            "own": "404 302 302 404 404 302 302 404 404 404 L",
            "other": "404 302 302 404 404 404 404 302 404 404 L",
            "foreign": "404 404 404 404 404 404 404 404 404 404 L",
        },
        pk="consent",
    ),
    "diary:extract-class": Row(
        own="404 302 302 404 404 302 404 404 404 404 L",
        other="404 302 302 404 404 404 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "diary:homework-file": Row(
        own="404 404 404 404 404 404 200 404 200 404 L",
        other="404 404 404 404 404 404 404 200 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "diary:looked": Row(
        own="404 200 200 404 404 200 404 404 404 404 L",
    ),
    "diary:looked-class": Row(
        own="404 200 200 404 404 200 404 404 404 404 L",
        other="404 200 200 404 404 404 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "diary:message-create": Row(
        own="200 200 200 200 200 200 200 200 200 404 L",
    ),
    "diary:message-detail": Row(
        own="404 404 404 200 404 404 200 404 404 404 L",
        other="404 404 404 200 404 404 404 200 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
        pk="conversation",
    ),
    "diary:message-list": Row(
        own="200 200 200 200 200 200 200 200 200 404 L",
    ),
    "diary:message-reply": Row(
        own="405 405 405 405 405 405 405 405 405 405 L",
        other="405 405 405 405 405 405 405 405 405 405 L",
        foreign="405 405 405 405 405 405 405 405 405 405 L",
        post={
            "own": "404 404 404 200 404 404 200 404 404 404 L",
            "other": "404 404 404 200 404 404 404 200 404 404 L",
            "foreign": "404 404 404 404 404 404 404 404 404 404 L",
        },
        pk="conversation",
    ),
    "diary:parent-home": Row(
        own="404 404 404 404 404 404 200 200 404 404 L",
    ),
    "diary:poll-close": Row(
        own="405 405 405 405 405 405 405 405 405 405 L",
        other="405 405 405 405 405 405 405 405 405 405 L",
        foreign="405 405 405 405 405 405 405 405 405 405 L",
        post={
            "own": "404 302 302 404 404 302 404 404 404 404 L",
            "other": "404 302 302 404 404 404 404 404 404 404 L",
            "foreign": "404 404 404 404 404 404 404 404 404 404 L",
        },
        pk="poll",
    ),
    "diary:poll-create": Row(
        own="404 200 200 200 200 200 404 404 404 404 L",
    ),
    "diary:poll-detail": Row(
        own="404 200 200 404 404 200 200 404 200 404 L",
        other="404 200 200 404 404 404 404 200 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
        pk="poll",
    ),
    "diary:poll-list": Row(
        own="200 200 200 200 200 200 200 200 200 404 L",
    ),
    "diary:poll-vote": Row(
        own="405 405 405 405 405 405 405 405 405 405 L",
        other="405 405 405 405 405 405 405 405 405 405 L",
        foreign="405 405 405 405 405 405 405 405 405 405 L",
        post={
            "own": "404 200 200 404 404 200 200 404 200 404 L",
            "other": "404 200 200 404 404 404 404 200 404 404 L",
            "foreign": "404 404 404 404 404 404 404 404 404 404 L",
        },
        pk="poll",
    ),
    "diary:student-home": Row(
        own="404 404 404 404 404 404 404 404 200 404 L",
    ),
    "diary:subjects": Row(
        own="404 404 404 404 404 404 200 404 200 404 L",
        other="404 404 404 404 404 404 404 200 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "diary:week": Row(
        own="404 404 404 404 404 404 200 404 200 404 L",
        other="404 404 404 404 404 404 404 200 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "healthz": Row(
        own="200 200 200 200 200 200 200 200 200 200 200",
    ),
    "home": Row(
        own="302 302 302 302 302 302 302 302 302 302 L",
    ),
    "journal:cell-history": Row(
        own="400 400 400 400 400 400 400 400 400 400 L",
    ),
    "journal:class-summary": Row(
        own="404 200 200 404 404 200 404 404 404 404 L",
        other="404 200 200 404 404 404 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "journal:class-teacher-home": Row(
        own="404 404 404 404 404 200 404 404 404 404 L",
    ),
    "journal:correction-create": Row(
        own="404 404 404 200 404 404 404 404 404 404 L",
        other="404 404 404 200 404 404 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "journal:correction-decide": Row(
        own="405 405 405 405 405 405 405 405 405 405 L",
        other="405 405 405 405 405 405 405 405 405 405 L",
        foreign="405 405 405 405 405 405 405 405 405 405 L",
        post={
            "own": "200 200 200 404 404 404 404 404 404 404 L",
            "other": "200 200 200 404 404 404 404 404 404 404 L",
            "foreign": "404 404 404 404 404 404 404 404 404 404 L",
        },
    ),
    "journal:correction-list": Row(
        own="200 200 200 200 200 200 200 200 200 404 L",
    ),
    "journal:correction-queue": Row(
        own="200 200 200 404 404 404 404 404 404 404 L",
    ),
    "journal:final-marks": Row(
        own="404 200 200 200 404 200 404 404 404 404 L",
        other="404 200 200 200 404 404 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "journal:grid": Row(
        own="404 200 200 200 404 200 404 404 404 404 L",
        other="404 200 200 200 404 404 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "journal:grid-cell": Row(
        own="405 405 405 405 405 405 405 405 405 405 L",
        post={
            "own": "400 400 400 400 400 400 400 400 400 400 L",
        },
    ),
    "journal:homework-file": Row(
        own="404 200 200 200 404 200 404 404 404 404 L",
        other="404 200 200 200 404 404 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "journal:lesson": Row(
        own="404 200 200 200 404 200 404 404 404 404 L",
        other="404 200 200 200 404 404 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "journal:period-close": Row(
        own="405 405 405 405 405 405 405 405 405 405 L",
        foreign="405 405 405 405 405 405 405 405 405 405 L",
        post={
            "own": "404 302 302 404 404 404 404 404 404 404 L",
            "foreign": "404 404 404 404 404 404 404 404 404 404 L",
        },
    ),
    "journal:period-marks": Row(
        own="404 200 200 200 404 200 404 404 404 404 L",
        other="404 200 200 200 404 404 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "journal:teacher-home": Row(
        own="404 404 404 200 200 404 404 404 404 404 L",
    ),
    "login": Row(
        own="302 302 302 302 302 302 302 302 302 302 200",
    ),
    "logout": Row(
        own="405 405 405 405 405 405 405 405 405 405 L",
        post={
            "own": "- - - - - - - - - - L",
        },
    ),
    "password-change": Row(
        own="200 200 200 200 200 200 200 200 200 200 L",
    ),
    "reports:monitoring-home": Row(
        own="404 404 404 404 404 404 404 404 404 200 L",
    ),
    "role-switch": Row(
        own="405 405 405 405 405 405 405 405 405 405 L",
        post={
            "own": "302 302 302 302 302 302 302 302 302 302 L",
        },
    ),
    "school:bell-schedule-create": Row(
        own="404 200 200 404 404 404 404 404 404 404 L",
    ),
    "school:bell-schedule-edit": Row(
        own="404 200 200 404 404 404 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "school:bell-schedule-list": Row(
        own="200 200 200 200 200 200 404 404 404 404 L",
    ),
    "school:calendar": Row(
        own="200 200 200 200 200 200 404 404 404 404 L",
    ),
    "school:class-create": Row(
        own="200 200 200 404 404 404 404 404 404 404 L",
    ),
    "school:class-detail": Row(
        own="200 200 200 200 200 200 404 404 404 404 L",
        other="200 200 200 200 200 200 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "school:class-list": Row(
        own="200 200 200 200 200 200 404 404 404 404 L",
    ),
    "school:class-teacher-assign": Row(
        own="200 200 200 404 404 404 404 404 404 404 L",
        other="200 200 200 404 404 404 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "school:control-work-create": Row(
        own="200 200 200 404 404 404 404 404 404 404 L",
    ),
    "school:control-work-delete": Row(
        own="405 405 405 405 405 405 405 405 405 405 L",
        foreign="405 405 405 405 405 405 405 405 405 405 L",
        post={
            "own": "302 302 302 404 404 404 404 404 404 404 L",
            "foreign": "404 404 404 404 404 404 404 404 404 404 L",
        },
    ),
    "school:control-work-list": Row(
        own="200 200 200 200 200 200 404 404 404 404 L",
    ),
    "school:control-work-update": Row(
        own="200 200 200 404 404 404 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "school:credentials": Row(
        own="200 404 404 404 404 200 404 404 404 404 L",
    ),
    "school:curriculum": Row(
        own="200 200 200 200 200 200 404 404 404 404 L",
    ),
    "school:curriculum-set": Row(
        own="200 200 200 404 404 404 404 404 404 404 L",
    ),
    "school:event-list": Row(
        own="200 404 404 404 404 404 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "school:export": Row(
        own="200 200 200 404 404 404 404 404 404 404 L",
    ),
    "school:grading-scale-create": Row(
        own="200 200 200 404 404 404 404 404 404 404 L",
    ),
    "school:group-create": Row(
        own="200 200 200 404 404 200 404 404 404 404 L",
    ),
    "school:group-detail": Row(
        own="200 200 200 200 200 200 404 404 404 404 L",
        other="200 200 200 200 200 200 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "school:group-list": Row(
        own="200 200 200 200 200 200 404 404 404 404 L",
    ),
    "school:group-member-add": Row(
        own="404 404 404 404 404 404 404 404 404 404 L",
        other="404 404 404 404 404 404 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "school:group-member-end": Row(
        own="404 404 404 404 404 404 404 404 404 404 L",
        other="404 404 404 404 404 404 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "school:guardian-edit": Row(
        own="200 200 200 404 404 200 404 404 404 404 L",
        other="200 200 200 404 404 404 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "school:guardian-link": Row(
        own="200 200 200 404 404 200 404 404 404 404 L",
        other="200 200 200 404 404 404 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "school:guardian-unlink": Row(
        own="405 405 405 405 405 405 405 405 405 405 L",
        other="405 405 405 405 405 405 405 405 405 405 L",
        foreign="405 405 405 405 405 405 405 405 405 405 L",
        post={
            "own": "302 302 302 404 404 302 404 404 404 404 L",
            "other": "302 302 302 404 404 404 404 404 404 404 L",
            "foreign": "404 404 404 404 404 404 404 404 404 404 L",
        },
    ),
    "school:holiday-create": Row(
        own="200 200 200 404 404 404 404 404 404 404 L",
    ),
    "school:hr-home": Row(
        own="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "school:import-detail": Row(
        own="200 200 200 404 404 404 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
        pk="import_job",
    ),
    "school:import-list": Row(
        own="200 200 200 404 404 404 404 404 404 404 L",
    ),
    "school:individual-plan-create": Row(
        own="200 200 200 404 404 404 404 404 404 404 L",
        other="200 200 200 404 404 404 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "school:load": Row(
        own="200 200 200 200 200 200 404 404 404 404 L",
    ),
    "school:load-create": Row(
        own="200 200 200 404 404 404 404 404 404 404 L",
    ),
    "school:load-end": Row(
        own="200 200 200 404 404 404 404 404 404 404 L",
        other="200 200 200 404 404 404 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "school:office-home": Row(
        own="404 200 200 404 404 404 404 404 404 404 L",
    ),
    "school:period-scheme-create": Row(
        own="200 200 200 404 404 404 404 404 404 404 L",
    ),
    "school:plan-copy": Row(
        own="405 405 405 405 405 405 405 405 405 405 L",
        other="405 405 405 405 405 405 405 405 405 405 L",
        foreign="405 405 405 405 405 405 405 405 405 405 L",
        post={
            "own": "400 400 400 400 404 404 404 404 404 404 L",
            "other": "400 400 400 400 404 404 404 404 404 404 L",
            "foreign": "404 404 404 404 404 404 404 404 404 404 L",
        },
    ),
    "school:plan-detail": Row(
        own="200 200 200 200 200 200 404 404 404 404 L",
        other="200 200 200 200 200 200 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "school:plan-export": Row(
        own="200 200 200 200 200 200 404 404 404 404 L",
        other="200 200 200 200 200 200 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "school:plan-import": Row(
        own="405 405 405 405 405 405 405 405 405 405 L",
        other="405 405 405 405 405 405 405 405 405 405 L",
        foreign="405 405 405 405 405 405 405 405 405 405 L",
        post={
            "own": "400 400 400 400 404 404 404 404 404 404 L",
            "other": "400 400 400 400 404 404 404 404 404 404 L",
            "foreign": "404 404 404 404 404 404 404 404 404 404 L",
        },
    ),
    "school:plan-item-create": Row(
        own="405 405 405 405 405 405 405 405 405 405 L",
        other="405 405 405 405 405 405 405 405 405 405 L",
        foreign="405 405 405 405 405 405 405 405 405 405 L",
        post={
            "own": "400 400 400 400 404 404 404 404 404 404 L",
            "other": "400 400 400 400 404 404 404 404 404 404 L",
            "foreign": "404 404 404 404 404 404 404 404 404 404 L",
        },
    ),
    "school:plan-item-delete": Row(
        own="405 405 405 405 405 405 405 405 405 405 L",
        other="405 405 405 405 405 405 405 405 405 405 L",
        foreign="405 405 405 405 405 405 405 405 405 405 L",
        post={
            "own": "302 302 302 302 404 404 404 404 404 404 L",
            "other": "302 302 302 302 404 404 404 404 404 404 L",
            "foreign": "404 404 404 404 404 404 404 404 404 404 L",
        },
    ),
    "school:plan-item-update": Row(
        own="200 200 200 200 404 404 404 404 404 404 L",
        other="200 200 200 200 404 404 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "school:plan-list": Row(
        own="200 200 200 200 200 200 404 404 404 404 L",
    ),
    "school:pupil-detail": Row(
        own="200 200 200 200 200 200 404 404 404 404 L",
        other="200 200 200 200 200 200 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "school:pupil-edit": Row(
        own="200 200 200 404 404 200 404 404 404 404 L",
        other="200 200 200 404 404 404 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "school:reference": Row(
        own="200 200 200 200 200 200 404 404 404 404 L",
    ),
    "school:room-create": Row(
        own="200 200 200 404 404 404 404 404 404 404 L",
    ),
    "school:room-update": Row(
        own="200 200 200 404 404 404 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "school:settings": Row(
        own="200 200 404 404 404 404 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "school:staff-dismiss": Row(
        own="200 200 404 404 404 404 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "school:staff-hire": Row(
        own="200 200 404 404 404 404 404 404 404 404 L",
    ),
    "school:staff-list": Row(
        own="200 200 200 404 404 404 404 404 404 404 L",
    ),
    "school:student-admit": Row(
        own="200 200 200 404 404 404 404 404 404 404 L",
        other="200 200 200 404 404 404 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "school:student-leave": Row(
        own="200 200 200 404 404 404 404 404 404 404 L",
        other="200 200 200 404 404 404 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "school:student-transfer": Row(
        own="200 200 200 404 404 404 404 404 404 404 L",
        other="200 200 200 404 404 404 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "school:subject-create": Row(
        own="200 200 200 404 404 404 404 404 404 404 L",
    ),
    "school:subject-update": Row(
        own="200 200 200 404 404 404 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "school:sysadmin-home": Row(
        own="200 404 404 404 404 404 404 404 404 404 L",
    ),
    "school:timetable-change-create": Row(
        own="404 200 200 404 404 404 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
        query="?entry={entry_id}&date={day}",
    ),
    "school:timetable-change-list": Row(
        own="200 200 200 200 200 200 404 404 404 404 L",
    ),
    "school:timetable-class": Row(
        own="200 200 200 200 200 200 404 404 404 404 L",
        other="200 200 200 200 200 200 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "school:timetable-entry-create": Row(
        own="404 200 200 404 404 404 404 404 404 404 L",
    ),
    "school:timetable-entry-end": Row(
        own="405 405 405 405 405 405 405 405 405 405 L",
        other="405 405 405 405 405 405 405 405 405 405 L",
        foreign="405 405 405 405 405 405 405 405 405 405 L",
        post={
            "own": "404 302 302 404 404 404 404 404 404 404 L",
            "other": "404 302 302 404 404 404 404 404 404 404 L",
            "foreign": "404 404 404 404 404 404 404 404 404 404 L",
        },
    ),
    "school:timetable-home": Row(
        own="200 200 200 200 200 200 404 404 404 404 L",
    ),
    "school:timetable-teacher": Row(
        own="200 200 200 200 200 200 404 404 404 404 L",
        other="200 200 200 200 200 200 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "school:two-factor": Row(
        own="200 200 200 200 200 200 404 404 404 200 L",
    ),
    "school:two-factor-codes": Row(
        own="302 302 302 302 302 302 302 302 302 302 L",
    ),
    "school:two-factor-enrol": Row(
        own="200 200 200 200 200 200 404 404 404 200 L",
    ),
    "school:two-factor-reset": Row(
        own="405 405 405 405 405 405 405 405 405 405 L",
        other="405 405 405 405 405 405 405 405 405 405 L",
        foreign="405 405 405 405 405 405 405 405 405 405 L",
        post={
            "own": "302 404 404 404 404 404 404 404 404 404 L",
            "other": "302 404 404 404 404 404 404 404 404 404 L",
            "foreign": "404 404 404 404 404 404 404 404 404 404 L",
        },
    ),
    "school:two-factor-staff": Row(
        own="200 404 404 404 404 404 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "school:two-factor-verify": Row(
        own="302 302 302 302 302 302 302 302 302 302 L",
    ),
    "school:work-kind-create": Row(
        own="200 200 200 404 404 404 404 404 404 404 L",
    ),
    "set_language": Row(
        own="302 302 302 302 302 302 302 302 302 302 302",
    ),
    # Backups, compromise reports, corrections of period marks, the profile,
    # credential jobs (reviewed when recorded).
    "archive:backup-page": Row(
        own="200 404 404 404 404 404 404 404 404 404 L",
    ),
    "archive:export-create": Row(
        own="405 405 405 405 405 405 405 405 405 405 L",
        post={"own": "200 404 404 404 404 404 404 404 404 404 L"},
    ),
    "archive:export-detail": Row(
        own="200 404 404 404 404 404 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
        pk="export_job",
    ),
    "archive:export-download": Row(
        own="404 404 404 404 404 404 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
        pk="export_job",
    ),
    "audit:compromise-create": Row(
        own="200 404 404 404 404 404 404 404 404 404 L",
    ),
    "audit:compromise-detail": Row(
        own="200 200 200 404 404 404 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
        pk="compromise_report",
    ),
    "audit:compromise-list": Row(
        own="200 200 200 404 404 404 404 404 404 404 L",
    ),
    "audit:compromise-password": Row(
        own="405 405 405 405 405 405 405 405 405 405 L",
        foreign="405 405 405 405 405 405 405 405 405 405 L",
        post={
            "own": "200 404 404 404 404 404 404 404 404 404 L",
            "foreign": "404 404 404 404 404 404 404 404 404 404 L",
        },
        pk="compromise_report",
    ),
    "audit:compromise-review": Row(
        own="405 405 405 405 405 405 405 405 405 405 L",
        foreign="405 405 405 405 405 405 405 405 405 405 L",
        post={
            "own": "404 404 404 404 404 404 404 404 404 404 L",
            "foreign": "404 404 404 404 404 404 404 404 404 404 L",
        },
        pk="compromise_report",
    ),
    "audit:compromise-self": Row(
        own="200 200 200 200 200 200 200 200 200 404 L",
    ),
    "journal:final-correction-create": Row(
        own="404 404 404 200 404 404 404 404 404 404 L",
        other="404 404 404 200 404 404 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "profile": Row(
        own="200 200 200 200 200 200 200 200 200 200 L",
    ),
    "school:credentials-job": Row(
        own="404 404 404 404 404 200 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
    "school:credentials-job-pdf": Row(
        own="404 404 404 404 404 404 404 404 404 404 L",
        foreign="404 404 404 404 404 404 404 404 404 404 L",
    ),
}
# fmt: on


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Both schools, and one logged-in client per role, kept for the module."""
    from django.test.utils import override_settings

    from tests.access_world import build_side

    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    media.enable()
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            a, b = build_side(), build_side()
            users = {
                "sysadmin": a.sysadmin,
                "director": a.director,
                "deputy": a.deputy,
                "teacher": a.teacher,
                "other_teacher": a.teacher2,
                "class_teacher": a.class_teacher,
                "parent": a.parent,
                "other_parent": a.foreign_parent,
                "pupil": a.pupil_user,
                "inspector": a.inspector,
            }
            sessions = {}
            for role, user in users.items():
                client = Client()
                client.force_login(user)
                sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
            yield {"a": a, "b": b, "sessions": sessions}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            media.disable()


def _client(world, role) -> Client:
    client = Client()
    if role != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = world["sessions"][role]
    return client


PATTERNS = {p.key: p for p in walk()}
APP_PATTERNS = sorted(k for k, p in PATTERNS.items() if p.namespace != "admin")
ADMIN_PATTERNS = sorted(k for k, p in PATTERNS.items() if p.namespace == "admin")


def test_every_url_pattern_is_in_the_matrix():
    missing = [key for key in APP_PATTERNS if key not in MATRIX]
    stale = [key for key in MATRIX if key not in PATTERNS]
    assert not missing, f"URL patterns missing from the access matrix: {missing}"
    assert not stale, f"rows for URL patterns that no longer exist: {stale}"


def _side(world, variant):
    return world["b"] if variant == "foreign" else world["a"]


@pytest.mark.parametrize("key", APP_PATTERNS)
def test_access_matrix(world, db, key):
    pattern = PATTERNS[key]
    row = MATRIX.get(key)
    if RECORD:
        if RECORD_ONLY and key not in RECORD_ONLY:
            pytest.skip("not recorded this time")
        _record(world, pattern, row)
        return
    assert row is not None, f"{key} is missing from the access matrix"
    failures = []
    allowed = []
    before = database_digest()
    for variant, codes in row.variants():
        url = url_for(pattern, _side(world, variant), variant, row)
        posts = row.post_codes(variant, codes)
        for role in ROLES:
            if role == "anonymous" and variant != "own":
                continue  # the login redirect comes before any object is looked up
            if codes[role] in DENIALS | {"405"}:
                got = answer(_client(world, role).get(url))
                if got != codes[role]:
                    failures.append(f"GET {variant} {role}: {got} != {codes[role]}")
            else:
                allowed.append((variant, url, role, codes[role]))
            if key in WRITES and posts[role] in DENIALS:
                got = answer(_client(world, role).post(url, {}))
                if got != posts[role]:
                    failures.append(f"POST {variant} {role}: {got} != {posts[role]}")
    assert database_digest() == before, f"{key}: a refused request wrote something"
    for variant, url, role, expected in allowed:
        got = answer(_client(world, role).get(url))
        if got != expected:
            failures.append(f"GET {variant} {role}: {got} != {expected}")
    assert not failures, f"{key} ({pattern.route}):\n" + "\n".join(failures)


def _record(world, pattern, row):
    """Write the observed answers of one URL as a MATRIX row (see the docstring)."""
    from tests.access_matrix_engine import kwarg_values

    pk = row.pk if row else PKS.get(pattern.key)
    query = row.query if row else ""
    probe = Row(own="", pk=pk, query=query)
    lines = [f'    "{pattern.key}": Row(']
    variants = ["own"]
    if set(pattern.kwargs) - {"school_id", "kind"} and any(
        kwarg_values(world["a"], "own", pk).get(k)
        != kwarg_values(world["a"], "other", pk).get(k)
        for k in pattern.kwargs
    ):
        variants.append("other")
    if pattern.kwargs:
        variants.append("foreign")
    posts = {}
    for variant in variants:
        url = url_for(pattern, _side(world, variant), variant, probe)
        got = [answer(_client(world, role).get(url)) for role in ROLES]
        lines.append(f'        {variant}="{" ".join(got)}",')
        if "405" in got:
            posts[variant] = " ".join(_post_undone(world, role, url) for role in ROLES)
    if posts:
        lines.append(f"        post={posts!r},")
    if pk:
        lines.append(f'        pk="{pk}",')
    if query:
        lines.append(f'        query="{query}",')
    lines.append("    ),")
    with open(RECORD, "a") as out:
        out.write("\n".join(lines) + "\n")


def _post_undone(world, role, url) -> str:
    """A POST whose writes are rolled back, so that each role meets the same world."""
    with transaction.atomic():
        got = answer(_client(world, role).post(url, {}))
        transaction.set_rollback(True)
    return got


@pytest.mark.parametrize("key", ADMIN_PATTERNS)
def test_admin_is_closed_to_every_school_role(world, db, key):
    pattern = PATTERNS[key]
    if key == pattern.route:
        url = route_url(pattern)  # unnamed: the old change-page redirects
    else:
        values = {"app_label": "school", "url": "x"}
        kwargs = {k: values.get(k, "1") for k in pattern.kwargs}
        args = [] if kwargs else ["1"] * pattern_groups(pattern)
        url = reverse(pattern.key, kwargs=kwargs or None, args=args or None)
    for role in ADMIN_ROLES:
        response = _client(world, role).get(url)
        if key in ("admin:login", "admin:logout", "admin:jsi18n"):
            assert response.status_code in (200, 302, 405), (key, role)
            continue
        assert response.status_code == 302, (key, role)
        location = response["Location"]
        assert location.startswith(("/login/", "/admin/login/")), (key, role)
