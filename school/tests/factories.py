"""factory_boy factories for tenancy and accounts; other apps build on these."""

from __future__ import annotations

import datetime
import zoneinfo

import factory

from school import models
from school.models import AcademicYear, Membership, Municipality, Role, School, User
from school.services import people, structure

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


# --- School structure ------------------------------------------------------------


class PeriodSchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PeriodScheme

    year = factory.SubFactory(AcademicYearFactory)
    school = factory.SelfAttribute("year.school")
    name = "Четверти 1–11"
    kind = models.PeriodKind.QUARTER
    grade_from = 1
    grade_to = 11


class StudyPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.StudyPeriod

    scheme = factory.SubFactory(PeriodSchemeFactory)
    school = factory.SelfAttribute("scheme.school")
    number = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda p: f"{p.number} четверть")
    starts_on = datetime.date(2026, 9, 1)
    ends_on = datetime.date(2026, 10, 24)


class SubjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Subject

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"Предмет {n}")
    short_name = factory.Sequence(lambda n: f"Пр{n}")


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Room

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: str(100 + n))


class WorkKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.WorkKind

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"Работа {n}")
    weight = 1


class StudentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Student

    school = factory.SubFactory(SchoolFactory)
    user = factory.SubFactory(UserFactory)
    record_number = factory.Sequence(lambda n: f"ЛД-{n:05d}")


class GuardianFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Guardian

    school = factory.SubFactory(SchoolFactory)
    user = factory.SubFactory(UserFactory)


class StaffMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.StaffMember

    school = factory.SubFactory(SchoolFactory)
    user = factory.SubFactory(UserFactory)
    position = models.Position.TEACHER
    hired_on = datetime.date(2020, 8, 25)


class SchoolClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SchoolClass

    year = factory.SubFactory(AcademicYearFactory)
    school = factory.SelfAttribute("year.school")
    grade = 5
    letter = factory.Sequence(
        lambda n: "АБВГДЕЖЗИК"[n % 10] + ("" if n < 10 else str(n))
    )


class StudyGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.StudyGroup

    year = factory.SubFactory(AcademicYearFactory)
    school = factory.SelfAttribute("year.school")
    kind = models.GroupKind.CLASS
    school_class = factory.SubFactory(
        SchoolClassFactory, year=factory.SelfAttribute("..year")
    )
    name = factory.LazyAttribute(
        lambda g: g.school_class.name if g.school_class else ""
    )
    grade = factory.LazyAttribute(
        lambda g: g.school_class.grade if g.school_class else 5
    )


class GroupMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.GroupMembership

    group = factory.SubFactory(StudyGroupFactory)
    school = factory.SelfAttribute("group.school")
    student = factory.SubFactory(
        StudentFactory, school=factory.SelfAttribute("..school")
    )
    starts_on = datetime.date(2026, 9, 1)


class TeachingAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.TeachingAssignment

    group = factory.SubFactory(StudyGroupFactory)
    school = factory.SelfAttribute("group.school")
    year = factory.SelfAttribute("group.year")
    teacher = factory.SubFactory(UserFactory)
    subject = factory.SubFactory(
        SubjectFactory, school=factory.SelfAttribute("..school")
    )
    hours_per_week = 2
    starts_on = datetime.date(2026, 9, 1)


class BellScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.BellSchedule
        skip_postgeneration_save = True

    school = factory.SubFactory(SchoolFactory)
    name = "Основное"
    is_default = True

    @factory.post_generation
    def bells(obj, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        start = datetime.datetime(2000, 1, 1, 8, 30)
        for number in range(1, 8):
            begin = start + datetime.timedelta(minutes=55 * (number - 1))
            models.Bell.objects.create(
                schedule=obj,
                number=number,
                starts_at=begin.time(),
                ends_at=(begin + datetime.timedelta(minutes=45)).time(),
            )


# --- timetable -------------------------------------------------------------------


class TimetableEntryFactory(factory.django.DjangoModelFactory):
    """A weekly lesson written directly (the services check clashes; this does not)."""

    class Meta:
        model = models.TimetableEntry

    group = factory.SubFactory(StudyGroupFactory)
    school = factory.SelfAttribute("group.school")
    year = factory.SelfAttribute("group.year")
    weekday = models.Weekday.MONDAY
    lesson_number = 1
    subject = factory.SubFactory(
        SubjectFactory, school=factory.SelfAttribute("..school")
    )
    teacher = factory.SubFactory(UserFactory)
    starts_on = datetime.date(2026, 9, 1)


class TimetableChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.TimetableChange

    entry = factory.SubFactory(TimetableEntryFactory)
    school = factory.SelfAttribute("entry.school")
    kind = models.ChangeKind.CANCELLATION
    created_by = factory.SubFactory(UserFactory)


# --- credentials -----------------------------------------------------------------


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Enrollment

    school_class = factory.SubFactory(SchoolClassFactory)
    school = factory.SelfAttribute("school_class.school")
    student = factory.SubFactory(
        StudentFactory, school=factory.SelfAttribute("..school")
    )
    starts_on = datetime.date(2026, 9, 1)
    start_kind = models.MovementKind.ADMITTED
    start_order = "12-у"
    start_order_date = datetime.date(2026, 8, 28)


class GuardianRelationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.GuardianRelation

    student = factory.SubFactory(StudentFactory)
    school = factory.SelfAttribute("student.school")
    guardian = factory.SubFactory(
        GuardianFactory, school=factory.SelfAttribute("..school")
    )
    relation = models.Relation.MOTHER


# --- imports ---------------------------------------------------------------------


def import_xlsx(rows: list[list]) -> bytes:
    """An XLSX file of the rows (the first row holds the headers)."""
    import io

    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def import_csv(rows: list[list], *, encoding="utf-8", delimiter=",") -> bytes:
    """A CSV file of the rows, as Excel or another system would save it."""
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def history_count() -> int:
    """All history rows of every tracked table, to assert that nothing was written."""
    from django.apps import apps

    return sum(
        model.objects.count()
        for model in apps.get_models()
        if model.__name__.startswith("Historical")
    )


def at(school: School, day: datetime.date, hour: int, minute: int = 0):
    """A moment on the school's own clock (for time_machine and deadlines)."""
    return datetime.datetime(
        day.year,
        day.month,
        day.day,
        hour,
        minute,
        tzinfo=zoneinfo.ZoneInfo(school.time_zone),
    )


FIRST_SCHOOL_DAY = datetime.date(2026, 9, 1)


# --- Worlds built through the services (admission, parents) or factories -----------


def pupil_admitted(
    deputy, school_class, record_number, *, starts_on=FIRST_SCHOOL_DAY, **person
):
    """One pupil admitted by order into the class through the service."""
    return people.student_admit(
        actor=deputy,
        school_class=school_class,
        starts_on=starts_on,
        order="12-у",
        order_date=datetime.date(2026, 8, 28),
        record_number=record_number,
        **({"last_name": "Сидоров", "first_name": "Пётр"} | person),
    )


def admit(deputy, school_class, n, *, start=0, parents=True):
    """n pupils admitted by order into the class, each with a mother by default."""
    pupils = []
    for i in range(start, start + n):
        student = pupil_admitted(
            deputy,
            school_class,
            f"{school_class.name}-{i}",
            last_name=f"Ученик{i:02d}",
        )
        if parents:
            people.guardian_link(
                actor=deputy,
                student=student,
                relation="mother",
                last_name=f"Мама{i:02d}",
                first_name="Анна",
                phone="+7 900 000-00-00",
            )
        pupils.append(student)
    return pupils


def make_class(deputy, year, letter="А", grade=5, teacher=None):
    """A class through the service: it comes with its whole-class group."""
    return structure.school_class_create(
        actor=deputy, year=year, grade=grade, letter=letter, class_teacher=teacher
    )


def pupil(school_class, last_name, first_name, patronymic="", password=None):
    """A pupil enrolled in the class; imported accounts come without a password."""
    user = UserFactory(
        username=f"import-{User.objects.count()}",
        last_name=last_name,
        first_name=first_name,
        patronymic=patronymic,
        password=password,
    )
    student = StudentFactory(school=school_class.school, user=user)
    EnrollmentFactory(school_class=school_class, student=student)
    return student


def parent_of(student, last_name, first_name, patronymic=""):
    user = UserFactory(
        username=f"import-{User.objects.count()}",
        last_name=last_name,
        first_name=first_name,
        patronymic=patronymic,
        password=None,
    )
    guardian = GuardianFactory(school=student.school, user=user)
    GuardianRelationFactory(student=student, guardian=guardian)
    return guardian


def class_teacher_of(school_class):
    user = member(Role.CLASS_TEACHER, school_class.school)
    school_class.class_teacher = user
    school_class.save(update_fields=["class_teacher"])
    return user
