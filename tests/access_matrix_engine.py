"""The machinery of tests/test_access_matrix.py: the URL walk, the kwargs of
each variant, the answers and the "nothing was written" digest."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, reverse

ROLES = (
    "sysadmin",
    "director",
    "deputy",
    "teacher",
    "other_teacher",
    "class_teacher",
    "parent",
    "other_parent",
    "pupil",
    "inspector",
    "anonymous",
)
LOGIN = "L"  # a redirect to the login page
DENIALS = {"403", "404", LOGIN}
# Tables a refused request may not touch; sessions and lockout rows included.
# Not domain data: a request refreshes its session's idle clock (and beat's
# bookkeeping), which is not a write the matrix is looking for.
VOLATILE_TABLES = {"django_celery_beat_periodictasks", "django_session"}


@dataclass
class Pattern:
    key: str  # "namespace:name", or the route for an unnamed pattern
    route: str
    kwargs: tuple[str, ...]
    namespace: str


def walk(resolver=None, prefix="", namespace=""):
    """Every URL pattern of the project, through every include()."""
    for item in (resolver or get_resolver()).url_patterns:
        if isinstance(item, URLResolver):
            inner = namespace
            if item.namespace:
                inner = f"{namespace}:{item.namespace}" if namespace else item.namespace
            yield from walk(item, prefix + str(item.pattern), inner)
        elif isinstance(item, URLPattern):
            route = prefix + str(item.pattern)
            name = item.name and (
                f"{namespace}:{item.name}" if namespace else item.name
            )
            converters = getattr(item.pattern, "converters", {})
            kwargs = tuple(converters) or tuple(item.pattern.regex.groupindex)
            yield Pattern(name or route, route, kwargs, namespace)


def pattern_groups(pattern: Pattern) -> int:
    """Positional groups of a regex route (django-simple-history's admin pages)."""
    return len(re.findall(r"\((?!\?)", pattern.route))


def route_url(pattern: Pattern) -> str:
    """A concrete URL of an unnamed route, every parameter set to 1."""
    return "/" + re.sub(r"<[^>]+>", "1", pattern.route)


@dataclass
class Row:
    """Expected answers per variant: one code per role, in ROLES order.

    own: objects of the role's own class/family/teacher in school A;
    other: the other class and family of school A; foreign: school B.
    post: answers to a POST where they differ from the GET's (views that only
    take POST answer GET with 405); a POST is sent only where it is refused.
    pk: which world object a `pk` kwarg names; query: a query string, with
    {kwarg} placeholders filled like the kwargs ("?entry={entry_id}").
    """

    own: str
    other: str | None = None
    foreign: str | None = None
    post: dict = field(default_factory=dict)
    pk: str | None = None
    query: str = ""

    def variants(self):
        for variant in ("own", "other", "foreign"):
            codes = getattr(self, variant)
            if codes is not None:
                yield variant, dict(zip(ROLES, codes.split(), strict=True))

    def post_codes(self, variant, get_codes):
        explicit = self.post.get(variant)
        if explicit is None:
            return get_codes
        return dict(zip(ROLES, explicit.split(), strict=True))


MONDAY = "2026-11-23"


def kwarg_values(w, variant: str, pk: str | None) -> dict:
    """The value of every kwarg a URL of the project takes, for one variant."""
    own = variant != "other"

    def pick(name):
        return getattr(w, name) if own else getattr(w, f"other_{name}", None)

    values = {
        "school_id": w.school.pk,
        "subject_id": w.maths.pk,
        "room_id": w.room.pk,
        "staff_id": w.staff.pk,
        "class_id": (w.school_class if own else w.other_class).pk,
        "student_id": (w.pupil if own else w.foreign).pk,
        "guardian_id": (w.guardian if own else w.foreign_guardian).pk,
        "link_id": pick("link").pk,
        "group_id": (w.group if own else w.other).pk,
        "membership_id": pick("group_membership").pk,
        "assignment_id": pick("assignment").pk,
        "user_id": (w.teacher if own else w.teacher2).pk,
        "entry_id": w.entries["maths_mon" if own else "other_mon"].pk,
        "schedule_id": w.bells.pk,
        "kind": "students",
        "item_id": pick("plan_item").pk,
        "work_id": w.control_work.pk,
        "day": MONDAY,
        "number": 2 if own else 4,
        "request_id": pick("correction").pk,
        "period_id": w.quarter.pk,
        "homework_id": pick("homework").pk,
        "job_id": w.credentials_job.pk,
    }
    if pk is not None:
        values["pk"] = (pick(pk) or getattr(w, pk)).pk
    return values


def url_for(pattern: Pattern, w, variant: str, row: Row) -> str:
    values = kwarg_values(w, variant, row.pk)
    url = reverse(pattern.key, kwargs={k: values[k] for k in pattern.kwargs})
    return url + row.query.format(**values)


def answer(response) -> str:
    """The code as the table writes it: L for a redirect to the login page."""
    if response.status_code == 302 and response["Location"].startswith("/login/"):
        return LOGIN
    return str(response.status_code)


def _digest_sql() -> str:
    tables = sorted(
        t
        for t in connection.introspection.table_names()
        if t not in VOLATILE_TABLES and not t.startswith("django_celery_beat")
    )
    parts = [
        f"(SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
        f" FROM {connection.ops.quote_name(table)} t)"
        for table in tables
    ]
    return "SELECT md5(" + " || ".join(parts) + ")"


_SQL: list[str] = []


def database_digest() -> str:
    """One hash over the content of every table: equal means nothing written."""
    if not _SQL:
        _SQL.append(_digest_sql())
    with connection.cursor() as cursor:
        cursor.execute(_SQL[0])
        return cursor.fetchone()[0]


def today() -> datetime.date:
    return datetime.date.today()
