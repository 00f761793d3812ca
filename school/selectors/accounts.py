"""Reads of memberships, schools, the current year and the events log, already
narrowed to what the user may see."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.http import Http404

from .. import permissions
from ..events import AUDIT_VERIFIED
from ..models import AcademicYear, Event, Membership, School, User

# Roles in the order a person with several lands in by default.
ROLE_PRIORITY = [
    "director",
    "deputy",
    "sysadmin",
    "hr",
    "class_teacher",
    "teacher",
    "tutor",
    "inspector",
    "parent",
    "student",
]


def membership_list_for_user(user: User) -> list[Membership]:
    """The user's active memberships, most senior role first."""
    if not user.is_authenticated:
        return []
    rows = list(
        Membership.objects.active()
        .filter(user=user)
        .select_related("school", "municipality")
    )
    rows.sort(key=lambda m: (ROLE_PRIORITY.index(m.role), m.school_id or 0, m.pk))
    return rows


def membership_get_for_switch(user: User, membership_id: int) -> Membership:
    """One of the user's own active memberships; anyone else's is a 404."""
    membership = (
        Membership.objects.active()
        .filter(user=user, pk=membership_id)
        .select_related("school", "municipality")
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def school_list_for_user(user: User) -> QuerySet[School]:
    return permissions.schools_visible_to(user).select_related("municipality")


def school_get_for_view(user: User, school_id: int) -> School:
    """A school the user belongs to or oversees; any other is a 404."""
    school = school_list_for_user(user).filter(pk=school_id).first()
    if school is None:
        raise Http404
    return school


def school_get_for_settings(user: User, school_id: int) -> School:
    school = school_get_for_view(user, school_id)
    if not permissions.can_change_school_settings(user, school):
        raise Http404
    return school


def academic_year_current(school: School) -> AcademicYear | None:
    """The year marked current, else the one containing today on the school's clock."""
    years = AcademicYear.objects.for_school(school)
    current = years.filter(is_current=True).first()
    if current is not None:
        return current
    today = school.local_today()
    return years.filter(starts_on__lte=today, ends_on__gte=today).first()


def event_list_for_sysadmin(
    user: User,
    school: School,
    *,
    code_prefix: str = "",
    day: datetime.date | None = None,
    person: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[Event]:
    """The school's events log, newest first; nothing for anyone but its sysadmin.
    Days are the school's own: «to 03.12» includes the whole of that day."""
    if not permissions.can_view_events(user, school):
        raise Http404
    events = Event.objects.for_school(school).select_related("actor")
    if code_prefix:
        events = events.with_code_prefix(code_prefix)
    if day is not None:
        date_from = date_to = day
    if date_from is not None:
        start = datetime.datetime.combine(date_from, datetime.time.min, school.tzinfo)
        events = events.filter(created_at__gte=start)
    if date_to is not None:
        end = datetime.datetime.combine(date_to, datetime.time.min, school.tzinfo)
        events = events.filter(created_at__lt=end + datetime.timedelta(days=1))
    if person:
        events = events.filter(
            Q(actor_username__icontains=person)
            | Q(actor__last_name__icontains=person)
            | Q(actor__first_name__icontains=person)
        )
    return events


def audit_result_latest(school: School) -> Event | None:
    """The last verification of the school's tamper-evident log, if any ran."""
    return (
        Event.objects.for_school(school)
        .filter(code=AUDIT_VERIFIED)
        .order_by("-created_at", "-id")
        .first()
    )
