"""Who gets what delivered: weekly digests, SMS of new marks, paper extracts (D4)."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef

from diary.models import (
    AccessApplication,
    DeliveryForm,
    DigestDelivery,
    SmsCursor,
)
from diary.selectors.consent import valid_consents
from school.models import (
    Enrollment,
    School,
    SchoolClass,
    Student,
)

# --- Delivery -------------------------------------------------------------------------


def _consent_for_pair(**flags):
    return valid_consents().filter(
        guardian=OuterRef("guardian"), student=OuterRef("student"), **flags
    )


def _enrolled_during(start: datetime.date, end: datetime.date):
    return (
        Enrollment.objects.filter(student=OuterRef("student"))
        .within_dates(start, end)
        .values("pk")
    )


def digest_recipients(
    school: School, monday: datetime.date, *, after_id: int = 0, limit: int = 200
) -> list[AccessApplication]:
    """The next batch of e-mail applications with a valid consent to electronic
    sending (4.3 and 6.9) whose digest of the week has not gone out yet; one query."""
    saturday = monday + datetime.timedelta(days=5)
    sent = DigestDelivery.objects.filter(
        guardian=OuterRef("guardian"), student=OuterRef("student"), week=monday
    )
    return list(
        AccessApplication.objects.for_school(school)
        .filter(
            superseded_at__isnull=True,
            delivery=DeliveryForm.EMAIL,
            guardian__isnull=False,
            pk__gt=after_id,
        )
        .exclude(email="")
        .filter(Exists(_consent_for_pair(allows_electronic=True)))
        .filter(Exists(_enrolled_during(monday, saturday)))
        .exclude(Exists(sent))
        .select_related("guardian__user", "student__user", "student__school")
        .order_by("pk")[:limit]
    )


def sms_subscriptions(school: School) -> list[AccessApplication]:
    """Applications asking for SMS of new marks, with a phone and a valid consent
    to electronic sending."""
    return list(
        AccessApplication.objects.for_school(school)
        .filter(superseded_at__isnull=True, sms_marks=True, guardian__isnull=False)
        .exclude(phone="")
        .filter(Exists(_consent_for_pair(allows_electronic=True)))
        .select_related("student__user")
        .order_by("pk")
    )


def sms_cursors(school: School, applications) -> dict[tuple[int, int], SmsCursor]:
    """The newest mark already told, by (parent, child), for the subscriptions."""
    rows = SmsCursor.objects.for_school(school).filter(
        guardian_id__in={a.guardian_id for a in applications},
        student_id__in={a.student_id for a in applications},
    )
    return {(c.guardian_id, c.student_id): c for c in rows}


def extract_pupils(
    school_class: SchoolClass, monday: datetime.date
) -> list[tuple[Student, list[AccessApplication]]]:
    """Pupils of the class whose parents chose the paper extract and consented to
    sending on paper (4.3 and 6.10), with those parents' applications."""
    school = school_class.school
    saturday = monday + datetime.timedelta(days=5)
    pupil_ids = (
        Enrollment.objects.for_school(school)
        .filter(school_class=school_class)
        .within_dates(monday, saturday)
        .values("student_id")
    )
    applications = (
        AccessApplication.objects.for_school(school)
        .filter(
            superseded_at__isnull=True,
            delivery=DeliveryForm.PAPER,
            guardian__isnull=False,
            student_id__in=pupil_ids,
        )
        .filter(Exists(_consent_for_pair(allows_paper=True)))
        .select_related("guardian__user", "student__user", "student__school")
        .order_by("student__user__last_name", "student__user__first_name", "pk")
    )
    by_pupil: dict[int, tuple[Student, list]] = {}
    for item in applications:
        by_pupil.setdefault(item.student_id, (item.student, []))[1].append(item)
    return list(by_pupil.values())
