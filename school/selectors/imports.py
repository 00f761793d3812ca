"""Reads for imports and exports: jobs, lookups by the files' keys, export lists."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from .. import permissions
from ..models import (
    AcademicYear,
    Enrollment,
    GroupKind,
    GroupMembership,
    GuardianRelation,
    ImportJob,
    ImportKind,
    Room,
    School,
    SchoolClass,
    StaffMember,
    Student,
    StudyGroup,
    Subject,
    User,
)

# Kinds that have an importer; the topic plan is imported on its own page.
IMPORT_KINDS = (
    ImportKind.STUDENTS,
    ImportKind.GUARDIANS,
    ImportKind.STAFF,
    ImportKind.SUBJECTS,
    ImportKind.GROUPS,
    ImportKind.TIMETABLE,
)
EXPORT_KINDS = (
    ImportKind.STUDENTS,
    ImportKind.GUARDIANS,
    ImportKind.STAFF,
    ImportKind.SUBJECTS,
    ImportKind.GROUPS,
)


def import_kinds_for_user(user: User, school: School) -> list[str]:
    """The kinds of lists the user may import into (and export from) the school."""
    kinds = [k for k in IMPORT_KINDS if permissions.can_import(user, school, k)]
    if not permissions.can_manage_timetable(user, school):
        kinds = [k for k in kinds if k != ImportKind.TIMETABLE]
    return kinds


def import_job_list_for_user(user: User, school: School) -> QuerySet[ImportJob]:
    """The school's jobs of the kinds the user may import; file content deferred."""
    kinds = import_kinds_for_user(user, school)
    return (
        ImportJob.objects.for_school(school)
        .filter(kind__in=kinds)
        .select_related("created_by")
        .defer("content")
    )


def import_job_get_for_user(user: User, school: School, pk: int) -> ImportJob:
    """One job of this school the user may import; anything else is a 404."""
    job = import_job_list_for_user(user, school).filter(pk=pk).first()
    if job is None:
        raise Http404
    return job


def rooms(school: School) -> QuerySet[Room]:
    return Room.objects.for_school(school)


def current_year(school: School) -> AcademicYear | None:
    return AcademicYear.objects.filter(school=school, is_current=True).first()


def classes_by_name(school: School, year: AcademicYear | None) -> dict:
    """The year's classes keyed by their name in capitals («5А»)."""
    if year is None:
        return {}
    classes = SchoolClass.objects.for_school(school).filter(year=year)
    return {c.name.upper(): c for c in classes}


def students_by_record(school: School) -> dict[str, Student]:
    students = Student.objects.for_school(school).select_related("user")
    return {s.record_number: s for s in students}


def open_enrollments(school: School) -> dict[int, Enrollment]:
    """Each pupil's current class, by pupil id."""
    rows = Enrollment.objects.for_school(school).filter(ends_on__isnull=True)
    return {e.student_id: e for e in rows.select_related("school_class")}


def subjects_by_name(school: School) -> dict[str, Subject]:
    return {s.name.casefold(): s for s in Subject.objects.for_school(school)}


def current_staff(school: School) -> QuerySet[StaffMember]:
    return (
        StaffMember.objects.for_school(school)
        .filter(dismissed_on__isnull=True)
        .select_related("user")
    )


def guardian_relations(school: School) -> QuerySet[GuardianRelation]:
    return GuardianRelation.objects.for_school(school).select_related(
        "guardian__user", "student"
    )


def groups_by_name(school: School, year: AcademicYear | None) -> dict:
    if year is None:
        return {}
    groups = StudyGroup.objects.for_school(school).filter(year=year)
    return {
        g.name.casefold(): g for g in groups.select_related("school_class", "subject")
    }


def students_in_group_from(group: StudyGroup, day) -> set[int]:
    """Pupils whose stay in the group lasts until the day or later."""
    rows = GroupMembership.objects.filter(group=group).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=day)
    )
    return set(rows.values_list("student_id", flat=True))


def students_in_class_on(school_class: SchoolClass, day) -> set[int]:
    rows = Enrollment.objects.filter(school_class=school_class).on(day)
    return set(rows.values_list("student_id", flat=True))


# --- Export lists -----------------------------------------------------------------


def students_for_export(school: School, year: AcademicYear | None):
    """Pupils now enrolled in a class of the year, by class and name."""
    rows = Enrollment.objects.for_school(school).filter(ends_on__isnull=True)
    if year is not None:
        rows = rows.filter(school_class__year=year)
    return rows.select_related("student__user", "school_class").order_by(
        "school_class__grade",
        "school_class__letter",
        "student__user__last_name",
        "student__user__first_name",
    )


def guardians_for_export(school: School):
    return guardian_relations(school).order_by(
        "student__record_number", "guardian__user__last_name"
    )


def staff_for_export(school: School):
    return current_staff(school).order_by(
        "user__last_name", "user__first_name", "position"
    )


def subjects_for_export(school: School):
    return Subject.objects.for_school(school).filter(is_active=True).order_by("name")


def groups_for_export(school: School, year: AcademicYear | None, on):
    """The year's groups other than whole classes, with pupils not gone by the day."""
    if year is None:
        return StudyGroup.objects.none()
    current = (
        GroupMembership.objects.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .select_related("student")
        .order_by("starts_on", "student__record_number")
    )
    return (
        StudyGroup.objects.for_school(school)
        .filter(year=year)
        .exclude(kind=GroupKind.CLASS)
        .select_related("school_class", "subject")
        .prefetch_related(Prefetch("memberships", queryset=current, to_attr="current"))
        .order_by("grade", "name")
    )
