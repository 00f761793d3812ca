"""factory_boy factories for tenancy and accounts; other apps build on these."""

from __future__ import annotations

import datetime

import factory

from school.models import AcademicYear, Membership, Municipality, Role, School, User

PASSWORD = "correct-horse-42"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Управление образования № {n}")
    code = factory.Sequence(lambda n: f"mun-{n}")
    time_zone = "Europe/Moscow"


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    municipality = factory.SubFactory(MunicipalityFactory)
    code = factory.Sequence(lambda n: f"school-{n}")
    name = factory.Sequence(lambda n: f"Средняя общеобразовательная школа № {n}")
    short_name = factory.Sequence(lambda n: f"СОШ № {n}")
    time_zone = "Europe/Moscow"


class AcademicYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AcademicYear

    school = factory.SubFactory(SchoolFactory)
    starts_on = datetime.date(2026, 9, 1)
    ends_on = datetime.date(2027, 8, 31)
    name = "2026/2027"
    is_current = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    last_name = "Иванов"
    first_name = "Иван"
    patronymic = "Иванович"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    school = factory.SubFactory(SchoolFactory)
    municipality = factory.LazyAttribute(
        lambda m: m.school.municipality if m.school else MunicipalityFactory()
    )
    role = Role.TEACHER


def member(role: str, school: School | None = None, **user_fields) -> User:
    """A user with one active role in the school (or department, for an inspector)."""
    user = UserFactory(**user_fields)
    if role == Role.INSPECTOR:
        municipality = school.municipality if school else MunicipalityFactory()
        MembershipFactory(user=user, school=None, municipality=municipality, role=role)
    else:
        MembershipFactory(user=user, school=school or SchoolFactory(), role=role)
    return user
