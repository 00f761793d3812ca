"""Web access follows the application and consent (A5; 002 §5.1).

With the school's setting «Доступ к дневнику только по заявлению и согласию» on, a
parent reads a child's diary only once the school has registered the parent's
current application with the access level «Родитель» and a valid consent sheet.
Until then every diary page, fragment and file of the child answers a page that
says what to bring to the class teacher, and nothing is recorded (no diary view).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from django.db.models import Exists, OuterRef
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from diary.permissions.consent import class_of_pupil
from diary.selectors import family as selectors
from diary.selectors.consent import class_register
from school.models import GuardianRelation, Role, SchoolClass, Student, User

from .models import AccessApplication, Consent

APPLICATION = "application"
CONSENT = "consent"
MISSING_LABELS = {
    APPLICATION: _("an application for access to the electronic diary"),
    CONSENT: _("a consent to the processing of personal data"),
}


def _papers_by_pupil(user: User, pupils: list[Student]) -> dict[int, list[str]]:
    """What is missing for each of the parent's pupils, in one query."""
    pair = {"guardian__user": user, "student": OuterRef("pk")}
    applications = AccessApplication.objects.filter(
        **pair, superseded_at__isnull=True, access_parent=True
    )
    consents = Consent.objects.filter(
        **pair, superseded_at__isnull=True, revoked_at__isnull=True
    )
    rows = (
        Student.objects.filter(pk__in=[pupil.pk for pupil in pupils])
        .annotate(has_application=Exists(applications), has_consent=Exists(consents))
        .values_list("pk", "has_application", "has_consent")
    )
    return {
        pk: [APPLICATION] * (not application) + [CONSENT] * (not consent)
        for pk, application, consent in rows
    }


def papers_missing(user: User, student: Student) -> list[str]:
    """What the school still lacks to open the child's diary to this parent:
    nothing when the school does not ask for papers."""
    if not student.school.diary_requires_consent:
        return []
    return _papers_by_pupil(user, [student]).get(student.pk, [APPLICATION, CONSENT])


def has_web_access(user: User, student: Student) -> bool:
    """The parent's papers for this child are registered (or not required)."""
    return not papers_missing(user, student)


def access_missing_response(request, student: Student, missing: list[str]):
    """The page a parent without papers gets instead of the child's diary."""
    school_class = class_of_pupil(student, request.school.local_today())
    context = {
        "missing": [MISSING_LABELS[item] for item in missing],
        "class_teacher": school_class.class_teacher if school_class else None,
    }
    return render(request, "diary/access_missing.html", context, status=403)


def papers_required(view):
    """A diary view of one pupil: a parent without papers gets the page saying
    what to bring, before the view reads or records anything."""

    @wraps(view)
    def wrapper(request, student_id: int, *args, **kwargs):
        membership = getattr(request, "membership", None)
        if membership is not None and membership.role == Role.PARENT:
            pupil, _pupils = selectors.pupil_get_for_diary(
                request.user, membership, student_id
            )
            missing = papers_missing(request.user, pupil)
            if missing:
                return access_missing_response(request, pupil, missing)
            request.diary_pupil = (pupil, _pupils)
        return view(request, student_id, *args, **kwargs)

    return wrapper


def open_pupils(user: User, pupils: list[Student]) -> set[int]:
    """Of a parent's children, those whose diary the papers open."""
    closed = [p for p in pupils if p.school.diary_requires_consent]
    missing = _papers_by_pupil(user, closed) if closed else {}
    return {pupil.pk for pupil in pupils if not missing.get(pupil.pk)}


@dataclass
class ParentWithoutAccess:
    student: Student
    relation: GuardianRelation
    missing: list[str]

    @property
    def missing_labels(self) -> list[str]:
        return [str(MISSING_LABELS[item]) for item in self.missing]


def parents_without_access(school_class: SchoolClass, day) -> list[ParentWithoutAccess]:
    """The class's parents whose diary stays closed, and what each lacks."""
    if not school_class.school.diary_requires_consent:
        return []
    rows = []
    for pupil_row in class_register(school_class, day):
        for parent in pupil_row.parents:
            missing = []
            application = parent.application
            if application is None or not application.access_parent:
                missing.append(APPLICATION)
            if parent.consent is None:
                missing.append(CONSENT)
            if missing:
                rows.append(
                    ParentWithoutAccess(pupil_row.student, parent.relation, missing)
                )
    return rows
