"""Reads behind the year's setup pages (calendar, lists, classes, pupils, groups,
staff, load); forbidden and foreign rows are a 404."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum, prefetch_related_objects
from django.http import Http404

from .. import permissions
from ..models import (
    AcademicYear,
    CurriculumLine,
    Enrollment,
    GradingScale,
    GroupKind,
    GroupMembership,
    GuardianRelation,
    IndividualPlan,
    Membership,
    Room,
    School,
    SchoolClass,
    StaffMember,
    Student,
    StudyGroup,
    Subject,
    TeachingAssignment,
    User,
    WorkKind,
)
from ..models.reference import SpecialMark
from ..services.structure import TEACHING_ROLES
from .structure import class_pupils_on

GRADES = range(1, 12)


def _on(prefix: str, day: datetime.date) -> Q:
    """Rows of a dated relation in force on the day."""
    return Q(**{f"{prefix}starts_on__lte": day}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": day})
    )


def structure_school_for_view(user: User, school: School | None) -> School:
    """The active school, if the user is on its staff; else a 404."""
    if school is None or not permissions.can_view_structure(user, school):
        raise Http404
    return school


def structure_school_for_edit(user: User, school: School | None) -> School:
    if school is None or not permissions.can_manage_structure(user, school):
        raise Http404
    return school


# --- Calendar ----------------------------------------------------------------------


def _segment(year: AcademicYear, start, end, **extra) -> dict:
    total = (year.ends_on - year.starts_on).days + 1
    start, end = max(start, year.starts_on), min(end, year.ends_on)
    left = (start - year.starts_on).days * 100 / total
    width = max(((end - start).days + 1) * 100 / total, 0.4)
    return {"left": f"{left:.2f}", "width": f"{width:.2f}", **extra}


def calendar_timeline(year: AcademicYear, schemes: list, holidays: list) -> dict:
    """Month ticks and one strip per grade band, as percentages of the year."""
    months, day = [], year.starts_on.replace(day=1)
    while day <= year.ends_on:
        following = (day + datetime.timedelta(days=32)).replace(day=1)
        months.append(
            _segment(year, day, following - datetime.timedelta(days=1), day=day)
        )
        day = following
    rows = []
    for scheme in schemes:
        segments = [
            _segment(year, p.starts_on, p.ends_on, label=p.name, css="period")
            for p in scheme.periods.all()
        ]
        segments += [
            _segment(year, h.starts_on, h.ends_on, label=h.name, css="holiday")
            for h in holidays
            if h.grade_from <= scheme.grade_to and h.grade_to >= scheme.grade_from
        ]
        rows.append({"scheme": scheme, "segments": segments})
    return {"months": months, "rows": rows}


# --- Reference lists ------------------------------------------------------------


def reference_lists(school: School) -> dict:
    scales = list(GradingScale.objects.for_school(school))
    return {
        "subjects": list(Subject.objects.for_school(school)),
        "rooms": list(Room.objects.for_school(school)),
        "scales": scales,
        "work_kinds": list(WorkKind.objects.for_school(school)),
        "special_marks": SpecialMark.choices,
        "first_grade_marks_free": any(
            s.is_marks_free and s.grade_from == 1 and s.grade_to == 1 for s in scales
        ),
    }


def subject_get_for_edit(user: User, school: School, subject_id: int) -> Subject:
    structure_school_for_edit(user, school)
    subject = Subject.objects.for_school(school).filter(pk=subject_id).first()
    if subject is None:
        raise Http404
    return subject


def room_get_for_edit(user: User, school: School, room_id: int) -> Room:
    structure_school_for_edit(user, school)
    room = Room.objects.for_school(school).select_related("school").filter(pk=room_id)
    if not room:
        raise Http404
    return room[0]


# --- Classes and pupils ---------------------------------------------------------


def class_list_with_counts(
    user: User, school: School, year: AcademicYear, day: datetime.date
) -> list[SchoolClass]:
    """Classes of the year with their class teacher and pupils on the day, one query."""
    structure_school_for_view(user, school)
    return list(
        SchoolClass.objects.for_school(school)
        .filter(year=year)
        .select_related("class_teacher")
        .annotate(pupil_count=Count("enrollments", filter=_on("enrollments__", day)))
        .order_by("grade", "letter")
    )


def class_roster(school_class: SchoolClass, day: datetime.date) -> list[Student]:
    """Pupils on the day, each with parent links (and the parents) prefetched."""
    pupils = class_pupils_on(school_class, day)
    links = GuardianRelation.objects.select_related("guardian__user").order_by(
        "guardian__user__last_name"
    )
    prefetch_related_objects(pupils, Prefetch("guardian_relations", queryset=links))
    return pupils


def class_departures(school_class: SchoolClass) -> list[Enrollment]:
    """Pupils whose stay in the class has ended or is set to end, with the orders."""
    return list(
        Enrollment.objects.for_school(school_class.school)
        .filter(school_class=school_class, ends_on__isnull=False)
        .select_related("student__user")
        .order_by("ends_on", "student__user__last_name")
    )


def class_groups(school_class: SchoolClass) -> list[StudyGroup]:
    return list(
        StudyGroup.objects.for_school(school_class.school)
        .filter(school_class=school_class)
        .select_related("subject")
        .order_by("kind", "name")
    )


def classes_of_year(school: School, year: AcademicYear) -> QuerySet[SchoolClass]:
    return SchoolClass.objects.for_school(school).filter(year=year)


def teachers_of(school: School) -> QuerySet[User]:
    """People with an active teaching role in the school."""
    ids = (
        Membership.objects.active()
        .filter(school=school, role__in=TEACHING_ROLES)
        .values("user_id")
    )
    return User.objects.filter(pk__in=ids).order_by("last_name", "first_name")


def _student_in_school(school: School, student_id: int) -> Student:
    student = (
        Student.objects.for_school(school)
        .select_related("user", "school")
        .filter(pk=student_id)
        .first()
    )
    if student is None:
        raise Http404
    return student


def student_current_class(student: Student) -> SchoolClass | None:
    enrollment = (
        Enrollment.objects.filter(student=student, ends_on__isnull=True)
        .select_related("school_class__school", "school_class__year")
        .first()
    )
    return enrollment.school_class if enrollment else None


def student_get_for_view(user: User, school: School, student_id: int) -> Student:
    structure_school_for_view(user, school)
    return _student_in_school(school, student_id)


def student_get_for_keep(user: User, school: School, student_id: int) -> Student:
    """A pupil whose data the user keeps: their class teacher or the administration."""
    if school is None:
        raise Http404
    student = _student_in_school(school, student_id)
    if not permissions.can_keep_pupil(user, student, student_current_class(student)):
        raise Http404
    return student


def student_get_for_move(user: User, school: School, student_id: int) -> Student:
    """Admission, transfer and leaving are for the administration only."""
    structure_school_for_edit(user, school)
    return _student_in_school(school, student_id)


def student_history(student: Student) -> dict:
    return {
        "enrollments": list(
            student.enrollments.select_related("school_class").order_by("starts_on")
        ),
        "links": list(
            student.guardian_relations.select_related("guardian__user").order_by(
                "guardian__user__last_name"
            )
        ),
    }


def individual_plan_of(student: Student, year: AcademicYear | None):
    """The pupil's individual study plan (ИУП) of the year, if any."""
    if year is None:
        return None
    return IndividualPlan.objects.filter(student=student, year=year).first()


def individual_plans_of_year(school: School, year: AcademicYear) -> list:
    """Pupils on an individual study plan in the year, by name."""
    return list(
        IndividualPlan.objects.for_school(school)
        .filter(year=year)
        .select_related("student__user")
        .order_by("student__user__last_name", "student__user__first_name")
    )


def guardian_link_get(student: Student, link_id: int) -> GuardianRelation:
    link = (
        GuardianRelation.objects.filter(student=student, pk=link_id)
        .select_related("guardian__user", "student__school")
        .first()
    )
    if link is None:
        raise Http404
    return link


# --- Groups -------------------------------------------------------------------------


def group_list_for_user(
    user: User, school: School, year: AcademicYear, day: datetime.date
) -> list[StudyGroup]:
    structure_school_for_view(user, school)
    return list(
        StudyGroup.objects.for_school(school)
        .filter(year=year)
        .select_related("school_class", "subject")
        .annotate(member_count=Count("memberships", filter=_on("memberships__", day)))
        .order_by("grade", "kind", "name")
    )


def group_get_for_view(user: User, school: School, group_id: int) -> StudyGroup:
    structure_school_for_view(user, school)
    group = (
        StudyGroup.objects.for_school(school)
        .select_related("school_class__school", "subject", "year", "school")
        .filter(pk=group_id)
        .first()
    )
    if group is None:
        raise Http404
    return group


def group_get_for_edit(user: User, school: School, group_id: int) -> StudyGroup:
    group = group_get_for_view(user, school, group_id)
    if not permissions.can_edit_group_members(user, group):
        raise Http404
    return group


def group_membership_get(group: StudyGroup, membership_id: int) -> GroupMembership:
    membership = (
        GroupMembership.objects.filter(group=group, pk=membership_id)
        .select_related("group__school", "group__school_class", "student__user")
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def group_candidates(group: StudyGroup, day: datetime.date) -> QuerySet[Student]:
    """Pupils who may join: a subgroup takes its class, others the year's pupils."""
    enrolled = Enrollment.objects.on(day).filter(school_class__year=group.year)
    if group.kind == GroupKind.SUBGROUP and group.school_class_id:
        enrolled = enrolled.filter(school_class=group.school_class_id)
    return (
        Student.objects.for_school(group.school)
        .filter(pk__in=enrolled.values("student_id"))
        .select_related("user")
    )


def classes_for_group_create(
    user: User, school: School, year: AcademicYear
) -> QuerySet[SchoolClass]:
    """All classes for the administration; a class teacher's own classes otherwise."""
    classes = classes_of_year(school, year)
    if permissions.can_manage_structure(user, school):
        return classes
    own = [
        c.pk
        for c in classes.filter(class_teacher=user).select_related("school")
        if permissions.is_class_teacher_of(user, c)
    ]
    return classes.filter(pk__in=own)


# --- Staff --------------------------------------------------------------------------


def staff_list_for_user(user: User, school: School | None) -> list[StaffMember]:
    """HR and the administration see the staff with their orders."""
    if school is None or not (
        permissions.can_manage_staff(user, school)
        or permissions.can_manage_structure(user, school)
    ):
        raise Http404
    return list(
        StaffMember.objects.for_school(school)
        .select_related("user")
        .order_by("dismissed_on", "user__last_name", "user__first_name")
    )


def staff_school_for_hire(user: User, school: School | None) -> School:
    if school is None or not permissions.can_manage_staff(user, school):
        raise Http404
    return school


def staff_get_for_dismiss(user: User, school: School | None, staff_id: int):
    staff_school_for_hire(user, school)
    staff = (
        StaffMember.objects.for_school(school)
        .select_related("user", "school")
        .filter(pk=staff_id, dismissed_on__isnull=True)
        .first()
    )
    if staff is None:
        raise Http404
    return staff


# --- Curriculum and load ------------------------------------------------------


def curriculum_table(school: School, year: AcademicYear) -> dict:
    """Subjects × grades 1–11 with hours a week, and totals per grade."""
    lines = CurriculumLine.objects.for_school(school).filter(year=year)
    hours = {(line.subject_id, line.grade): line.hours_per_week for line in lines}
    subjects = Subject.objects.for_school(school).order_by("component", "name")
    rows = [
        {"subject": s, "cells": [hours.get((s.pk, g)) for g in GRADES]}
        for s in subjects
        if s.is_active or any((s.pk, g) in hours for g in GRADES)
    ]
    totals = [
        sum((h for (_s, g), h in hours.items() if g == grade), Decimal(0))
        for grade in GRADES
    ]
    return {"grades": list(GRADES), "rows": rows, "totals": totals}


def load_list(school: School, year: AcademicYear) -> list[TeachingAssignment]:
    return list(
        TeachingAssignment.objects.for_school(school)
        .filter(year=year)
        .select_related("teacher", "subject", "group")
        .order_by("teacher__last_name", "teacher__first_name", "group__grade")
    )


def load_totals(
    school: School, year: AcademicYear, day: datetime.date
) -> list[tuple[User, Decimal]]:
    """Each teacher's hours a week in force on the day."""
    sums = (
        TeachingAssignment.objects.for_school(school)
        .filter(year=year)
        .filter(_on("", day))
        .values("teacher_id")
        .annotate(hours=Sum("hours_per_week"))
    )
    hours = defaultdict(Decimal, {row["teacher_id"]: row["hours"] for row in sums})
    teachers = User.objects.filter(pk__in=hours).order_by("last_name", "first_name")
    return [(teacher, hours[teacher.pk]) for teacher in teachers]


def assignment_get_for_edit(
    user: User, school: School | None, assignment_id: int
) -> TeachingAssignment:
    structure_school_for_edit(user, school)
    assignment = (
        TeachingAssignment.objects.for_school(school)
        .select_related("teacher", "subject", "group", "school")
        .filter(pk=assignment_id)
        .first()
    )
    if assignment is None:
        raise Http404
    return assignment
