"""Why a pupil of the class gets no weekly paper extract (D4; 002 §2.6): the
class teacher sees it next to the print button instead of a silent omission."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from diary.selectors.consent import class_register
from diary.selectors.delivery import extract_pupils
from school.models import SchoolClass, Student

from .models import DeliveryForm

NO_PARENT = _("no parent is recorded")
NO_APPLICATION = _("no parent's application is registered")
NOT_PAPER = _("no paper application: the parents chose %(forms)s")
NO_PAPER_CONSENT = _(
    "paper was chosen, but no consent allows sending progress on paper "
    "(items 4.3 and 6.10 of the consent sheet)"
)


@dataclass
class LeftOut:
    student: Student
    reason: str


def extract_left_out(school_class: SchoolClass, monday: datetime.date) -> list[LeftOut]:
    """The class's pupils the week's paper extract leaves out, each with why."""
    printed = {student.pk for student, _papers in extract_pupils(school_class, monday)}
    result = []
    for row in class_register(school_class, monday + datetime.timedelta(days=5)):
        if row.student.pk in printed:
            continue
        applications = [p.application for p in row.parents if p.application]
        if not row.parents:
            reason = NO_PARENT
        elif not applications:
            reason = NO_APPLICATION
        elif all(a.delivery != DeliveryForm.PAPER for a in applications):
            forms = ", ".join(sorted({a.get_delivery_display() for a in applications}))
            reason = str(NOT_PAPER) % {"forms": forms}
        else:
            reason = NO_PAPER_CONSENT
        result.append(LeftOut(row.student, str(reason)))
    return result
