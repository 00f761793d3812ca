"""Consents and applications (A5): working days, the papers of a parent, a
class's register."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.http import Http404

from diary.models import (
    AccessApplication,
    Consent,
)
from diary.permissions import consent as permissions
from diary.selectors.family import year_classes_for
from school.models import (
    Enrollment,
    GuardianRelation,
    Holiday,
    HolidayKind,
    School,
    SchoolClass,
    Student,
    User,
)

WEEKEND = (5, 6)  # Saturday and Sunday: the operator's office does not work
PURGE_WORKING_DAYS = 10  # 002 Appendix 2: destroyed within ten working days


# --- Working days ----------------------------------------------------------------


def _days_off(school: School, start: datetime.date, end: datetime.date) -> set:
    """Whole-school days off recorded in the calendar between the dates."""
    rows = (
        Holiday.objects.for_school(school)
        .filter(kind=HolidayKind.DAY_OFF, grade_from__lte=1, grade_to__gte=11)
        .within_dates(start, end)
    )
    days = set()
    for row in rows:
        day = max(row.starts_on, start)
        while day <= min(row.ends_on, end):
            days.add(day)
            day += datetime.timedelta(days=1)
    return days


def working_days_after(school: School, day: datetime.date, count: int) -> datetime.date:
    """The count-th working day after the day: Monday to Friday, less the days off
    the school's calendar records for the whole school. Pupils' holidays are
    working days of the school's office, which is the operator here."""
    horizon = day + datetime.timedelta(days=count * 3 + 60)
    days_off = _days_off(school, day, horizon)
    current, left = day, count
    while left:
        current += datetime.timedelta(days=1)
        if current.weekday() not in WEEKEND and current not in days_off:
            left -= 1
    return current


# --- Consents and applications ------------------------------------------------------


def valid_consents():
    """Consents in force: neither revoked nor replaced by a newer one."""
    return Consent.objects.filter(revoked_at__isnull=True, superseded_at__isnull=True)


def consent_get_for_view(user: User, school: School | None, pk: int) -> Consent:
    """A consent sheet the user may read; anything else is 404."""
    if school is None:
        raise Http404
    consent = (
        Consent.objects.for_school(school)
        .select_related(
            "school",
            "guardian__user",
            "student__user",
            "student__school",
            "registered_by",
            "revoked_by",
        )
        .filter(pk=pk)
        .first()
    )
    if consent is None or not permissions.can_view_consent(user, consent):
        raise Http404
    return consent


def application_get_for_view(
    user: User, school: School | None, pk: int
) -> AccessApplication:
    """An application the user may read (own, or of a registrar's pupil); else 404."""
    if school is None:
        raise Http404
    item = (
        AccessApplication.objects.for_school(school)
        .select_related("guardian__user", "student__user", "student__school")
        .select_related("registered_by")
        .filter(pk=pk)
        .first()
    )
    if item is None:
        raise Http404
    own = item.guardian is not None and item.guardian.user_id == user.pk
    if not own and not permissions.can_register_consent(user, item.student):
        raise Http404
    return item


def relation_get_for_register(
    user: User, school: School | None, student_id: int, guardian_id: int
) -> GuardianRelation:
    """The parent–child link whose papers the user may register; else 404."""
    if school is None:
        raise Http404
    relation = (
        GuardianRelation.objects.for_school(school)
        .filter(student_id=student_id, guardian_id=guardian_id)
        .select_related("guardian__user", "student__user", "student__school")
        .first()
    )
    if relation is None or not permissions.can_register_consent(user, relation.student):
        raise Http404
    return relation


def papers_for_parent(user: User, school: School) -> dict:
    """The parent's own applications and consents in the school, newest first."""
    applications = (
        AccessApplication.objects.for_school(school)
        .filter(guardian__user=user)
        .select_related("student__user", "registered_by")
    )
    consents = (
        Consent.objects.for_school(school)
        .filter(guardian__user=user)
        .select_related("student__user", "registered_by", "revoked_by")
    )
    return {"applications": list(applications), "consents": list(consents)}


def classes_for_consents(user: User, school: School | None) -> list[SchoolClass]:
    """The administration sees the year's classes; a class teacher their own."""
    return year_classes_for(
        user,
        school,
        school_wide=permissions.can_manage_school_consents,
        per_class=permissions.can_manage_class_consents,
    )


def class_get_for_consents(user: User, school: School | None, class_id: int):
    """A class whose papers the user keeps; else 404."""
    if school is None:
        raise Http404
    school_class = (
        SchoolClass.objects.for_school(school)
        .select_related("school", "year", "class_teacher")
        .filter(pk=class_id)
        .first()
    )
    if school_class is None or not permissions.can_manage_class_consents(
        user, school_class
    ):
        raise Http404
    return school_class


@dataclass
class ParentRow:
    relation: GuardianRelation
    application: AccessApplication | None
    consent: Consent | None


@dataclass
class RegisterPupil:
    student: Student
    parents: list[ParentRow] = field(default_factory=list)
    # Revoked consents of parents no longer linked, until and after destruction.
    revoked: list[Consent] = field(default_factory=list)


def class_register(
    school_class: SchoolClass, day: datetime.date
) -> list[RegisterPupil]:
    """The class's pupils on the day, each parent with their current papers."""
    school = school_class.school
    enrollments = (
        Enrollment.objects.for_school(school)
        .filter(school_class=school_class)
        .on(day)
        .select_related("student__user", "student__school")
        .order_by("student__user__last_name", "student__user__first_name")
    )
    rows = {e.student_id: RegisterPupil(student=e.student) for e in enrollments}
    ids = list(rows)
    relations = (
        GuardianRelation.objects.for_school(school)
        .filter(student_id__in=ids)
        .select_related("guardian__user")
        .order_by("guardian__user__last_name", "guardian__user__first_name")
    )
    applications = {
        (a.guardian_id, a.student_id): a
        for a in AccessApplication.objects.for_school(school).filter(
            student_id__in=ids, superseded_at__isnull=True
        )
    }
    consents = defaultdict(list)
    for consent in Consent.objects.for_school(school).filter(
        student_id__in=ids, superseded_at__isnull=True
    ):
        consents[(consent.guardian_id, consent.student_id)].append(consent)
    linked = set()
    for relation in relations:
        key = (relation.guardian_id, relation.student_id)
        linked.add(key)
        valid = [c for c in consents.get(key, []) if c.is_valid]
        rows[relation.student_id].parents.append(
            ParentRow(
                relation=relation,
                application=applications.get(key),
                consent=valid[0] if valid else None,
            )
        )
    for items in consents.values():
        for consent in items:
            if consent.revoked_at is not None:
                rows[consent.student_id].revoked.append(consent)
    return list(rows.values())
