"""Factories for the family's papers, and the one helper that opens a parent's web
diary the way the school does: a registered application and a consent sheet."""

from __future__ import annotations

import datetime

import factory

from diary.models import AccessApplication, Consent, DeliveryForm
from diary.models.consent import PROGRESS
from school.models import Guardian, Student, User
from school.tests.factories import UserFactory

SIGNED_ON = datetime.date(2026, 9, 1)


class AccessApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccessApplication

    school = factory.SelfAttribute("student.school")
    access_parent = True
    delivery = DeliveryForm.WEB
    submitted_on = SIGNED_ON
    registered_by = factory.SubFactory(UserFactory)


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    school = factory.SelfAttribute("student.school")
    signer_name = factory.LazyAttribute(lambda o: o.guardian.user.get_full_name())
    relation = "mother"
    # Progress may be processed for the web diary; nothing is sent anywhere.
    categories = factory.LazyFunction(lambda: [PROGRESS])
    actions = factory.LazyFunction(list)
    signed_on = SIGNED_ON
    registered_by = factory.SubFactory(UserFactory)


def register_diary_access(
    parent: User | Guardian, student: Student
) -> tuple[AccessApplication, Consent]:
    """The parent's application (level «Родитель», web only) and consent for the
    child, as the class teacher registers them (A5; 002 §5.1)."""
    guardian = (
        parent
        if isinstance(parent, Guardian)
        else Guardian.objects.get(user=parent, school=student.school)
    )
    return (
        AccessApplicationFactory(guardian=guardian, student=student),
        ConsentFactory(guardian=guardian, student=student),
    )
