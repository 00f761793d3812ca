"""A class 5А with its class teacher, a pupil with a parent, and outsiders, for the
consent and delivery tests; built on the diary week builders."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from diary.models import CONSENT_ACTIONS, CONSENT_CATEGORIES, DeliveryForm
from diary.services import consent as services_consent
from school.models import Guardian, Role
from school.tests.factories import EnrollmentFactory, member

from .builders_week import MONDAY, build_school, parent_of

ALL_CATEGORIES = [code for code, _label in CONSENT_CATEGORIES]
ALL_ACTIONS = [code for code, _label in CONSENT_ACTIONS]
SIGNED = datetime.date(2026, 9, 1)


def build_world() -> SimpleNamespace:
    s = build_school()
    school = s["school"]
    school_class = s["group"].school_class
    other_class = s["other"].school_class
    EnrollmentFactory(school_class=school_class, student=s["pupil"])
    EnrollmentFactory(school_class=other_class, student=s["foreign"])
    class_teacher = member(Role.CLASS_TEACHER, school, last_name="Классная")
    other_class_teacher = member(Role.CLASS_TEACHER, school, last_name="Чужая")
    school_class.class_teacher = class_teacher
    school_class.save()
    other_class.class_teacher = other_class_teacher
    other_class.save()
    parent = parent_of(s["pupil"], papers=False)
    foreign_parent = parent_of(s["foreign"], papers=False)
    return SimpleNamespace(
        **s,
        school_class=school_class,
        other_class=other_class,
        class_teacher=class_teacher,
        other_class_teacher=other_class_teacher,
        deputy=member(Role.DEPUTY, school, last_name="Завучева"),
        parent=parent,
        guardian=Guardian.objects.get(user=parent),
        foreign_parent=foreign_parent,
        foreign_guardian=Guardian.objects.get(user=foreign_parent),
        monday=MONDAY,
    )


def papers(
    w,
    *,
    guardian=None,
    student=None,
    delivery=DeliveryForm.EMAIL,
    email="anna@example.ru",
    phone="",
    sms_marks=False,
    categories=None,
    actions=None,
    actor=None,
    signed_on=SIGNED,
):
    """Register an application and a consent sheet for a parent and child."""
    guardian = guardian or w.guardian
    student = student or w.pupil
    actor = actor or w.class_teacher
    application = services_consent.application_register(
        actor=actor,
        student=student,
        guardian=guardian,
        submitted_on=signed_on,
        delivery=delivery,
        email=email,
        phone=phone,
        sms_marks=sms_marks,
    )
    consent = services_consent.consent_register(
        actor=actor,
        student=student,
        guardian=guardian,
        signer_name=guardian.user.get_full_name(),
        signed_on=signed_on,
        categories=ALL_CATEGORIES if categories is None else categories,
        actions=ALL_ACTIONS if actions is None else actions,
    )
    return application, consent
