"""Reads of the year's structure, narrowed to one school."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch
from django.http import Http404

from .. import permissions
from ..models import (
    AcademicYear,
    Enrollment,
    GradingScale,
    GroupMembership,
    Holiday,
    PeriodScheme,
    School,
    SchoolClass,
    Student,
    StudyGroup,
    StudyPeriod,
    User,
)


def grading_scale_for_grade(school: School, grade: int) -> GradingScale | None:
    """The narrowest scale that covers the grade (grade 1 marks-free beats 1–11)."""
    scales = GradingScale.objects.for_school(school).filter(
        grade_from__lte=grade, grade_to__gte=grade
    )
    return min(scales, key=lambda s: s.grade_to - s.grade_from, default=None)


def period_for(school: School, grade: int, day: datetime.date) -> StudyPeriod | None:
    """The study period of a grade's scheme that contains the day."""
    return (
        StudyPeriod.objects.for_school(school)
        .filter(scheme__grade_from__lte=grade, scheme__grade_to__gte=grade)
        .on(day)
        .select_related("scheme")
        .first()
    )


def calendar_for_year(year: AcademicYear) -> dict:
    """Schemes with their periods, and holidays, of one year."""
    schemes = PeriodScheme.objects.filter(year=year).prefetch_related(
        Prefetch("periods", queryset=StudyPeriod.objects.order_by("number"))
    )
    holidays = Holiday.objects.filter(year=year).order_by("starts_on")
    return {"schemes": list(schemes), "holidays": list(holidays)}


def class_get_for_view(user: User, school: School, class_id: int) -> SchoolClass:
    school_class = (
        SchoolClass.objects.for_school(school)
        .select_related("year", "class_teacher", "school")
        .filter(pk=class_id)
        .first()
    )
    if school_class is None or not (
        permissions.can_view_structure(user, school)
        or permissions.is_class_teacher_of(user, school_class)
    ):
        raise Http404
    return school_class


def class_pupils_on(school_class: SchoolClass, day: datetime.date) -> list[Student]:
    """Pupils enrolled in the class on the day, in journal order."""
    enrollments = (
        Enrollment.objects.for_school(school_class.school)
        .filter(school_class=school_class)
        .on(day)
        .select_related("student__user")
    )
    pupils = [e.student for e in enrollments]
    pupils.sort(key=lambda s: (s.user.last_name, s.user.first_name, s.user.patronymic))
    return pupils


def group_members_between(
    group: StudyGroup, start: datetime.date, end: datetime.date
) -> list[GroupMembership]:
    """Memberships of a group in force on any day of [start, end], with pupils."""
    return list(
        GroupMembership.objects.for_school(group.school)
        .filter(group=group)
        .within_dates(start, end)
        .select_related("student__user")
        .order_by(
            "student__user__last_name",
            "student__user__first_name",
            "student__user__patronymic",
            "starts_on",
        )
    )
