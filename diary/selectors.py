"""Reads for the family side, narrowed to the reader's own children (A4)."""

from __future__ import annotations

import datetime
from collections import defaultdict

from school.models import ControlWork, GroupMembership, School, Student, User
from school.selectors_plans import control_work_list_for_group

UPCOMING_DAYS = 30


def children_for_parent(user: User, school: School) -> list[Student]:
    """The parent's own children in this school, and nobody else's."""
    return list(
        Student.objects.for_school(school)
        .filter(guardian_relations__guardian__user=user)
        .select_related("user")
        .distinct()
        .order_by("user__last_name", "user__first_name")
    )


def self_for_student(user: User, school: School) -> list[Student]:
    return list(
        Student.objects.for_school(school).filter(user=user).select_related("user")
    )


def control_works_upcoming(
    students: list[Student], today: datetime.date, days: int = UPCOMING_DAYS
) -> dict[int, list[ControlWork]]:
    """Each pupil's control works of the coming days, by their dated groups."""
    end = today + datetime.timedelta(days=days)
    memberships = list(
        GroupMembership.objects.filter(student__in=students).within_dates(today, end)
    )
    works = control_work_list_for_group({m.group_id for m in memberships}, today, end)
    by_group = defaultdict(list)
    for work in works:
        by_group[work.group_id].append(work)
    result: dict[int, list[ControlWork]] = {s.pk: [] for s in students}
    for membership in memberships:
        last = membership.ends_on or end
        result[membership.student_id] += [
            w
            for w in by_group[membership.group_id]
            if membership.starts_on <= w.date <= last
        ]
    for works_of_pupil in result.values():
        works_of_pupil.sort(key=lambda w: (w.date, w.lesson_number or 0))
    return result
