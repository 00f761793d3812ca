"""Who has looked at the diary this week (D3; 001 §15): for the class teacher of
a class and for the deputy, by pupil and parent."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.http import Http404

from diary.models import DiaryView
from diary.permissions import family as permissions
from diary.selectors.family import year_classes_for
from diary.selectors.week import WEEK_DAYS
from school.models import (
    Enrollment,
    GuardianRelation,
    Role,
    School,
    SchoolClass,
    Student,
    User,
)


@dataclass
class ParentLook:
    parent: User
    relation: str
    days: int
    last_at: datetime.datetime | None

    @property
    def has_looked(self) -> bool:
        return self.days > 0


@dataclass
class PupilLooks:
    student: Student
    parents: list[ParentLook]

    @property
    def anyone_looked(self) -> bool:
        return any(p.has_looked for p in self.parents)


@dataclass
class ClassLooks:
    school_class: SchoolClass
    parents: int
    looked: int

    @property
    def not_looked(self) -> int:
        return self.parents - self.looked


def _week(monday: datetime.date) -> tuple[datetime.date, datetime.date]:
    return monday, monday + datetime.timedelta(days=WEEK_DAYS)


def class_get_for_looked(user: User, school: School | None, class_id: int):
    """A class of the school whose diary views the user may see; else 404."""
    if school is None:
        raise Http404
    school_class = (
        SchoolClass.objects.for_school(school)
        .select_related("school", "year", "class_teacher")
        .filter(pk=class_id)
        .first()
    )
    if school_class is None or not permissions.can_see_who_looked(user, school_class):
        raise Http404
    return school_class


def classes_for_looked(user: User, school: School | None) -> list[SchoolClass]:
    """The deputy sees the year's classes; a class teacher their own classes."""
    return year_classes_for(
        user,
        school,
        school_wide=permissions.can_see_who_looked_in_school,
        per_class=permissions.can_see_who_looked,
    )


def _relations(school: School, classes, start, end):
    """Pupils enrolled in the classes during the week with their parents."""
    enrollments = list(
        Enrollment.objects.for_school(school)
        .filter(school_class__in=classes)
        .within_dates(start, end)
        .select_related("student__user")
    )
    relations = (
        GuardianRelation.objects.for_school(school)
        .filter(student_id__in={e.student_id for e in enrollments})
        .select_related("guardian__user")
        .order_by("guardian__user__last_name", "guardian__user__first_name")
    )
    by_pupil = defaultdict(list)
    for relation in relations:
        by_pupil[relation.student_id].append(relation)
    return enrollments, by_pupil


def _views(school, student_ids, start, end) -> dict[tuple[int, int], list]:
    views = DiaryView.objects.for_school(school).filter(
        student_id__in=student_ids,
        role=Role.PARENT,
        viewed_on__range=(start, end),
    )
    seen: dict[tuple[int, int], list] = defaultdict(list)
    for view in views:
        seen[(view.viewer_id, view.student_id)].append(view)
    return seen


def looks_for_class(
    school_class: SchoolClass, monday: datetime.date
) -> list[PupilLooks]:
    """Each pupil of the class with each parent: days opened this week, last time.

    No permission check: the caller got the class from class_get_for_looked.
    """
    school = school_class.school
    start, end = _week(monday)
    enrollments, by_pupil = _relations(school, [school_class], start, end)
    pupils = {e.student_id: e.student for e in enrollments}
    seen = _views(school, list(pupils), start, end)
    result = []
    for pk, pupil in pupils.items():
        parents = []
        for relation in by_pupil[pk]:
            views = seen.get((relation.guardian.user_id, pk), [])
            parents.append(
                ParentLook(
                    parent=relation.guardian.user,
                    relation=relation.get_relation_display(),
                    days=len(views),
                    last_at=max((v.last_at for v in views), default=None),
                )
            )
        result.append(PupilLooks(student=pupil, parents=parents))
    result.sort(
        key=lambda r: (
            r.student.user.last_name,
            r.student.user.first_name,
            r.student.user.patronymic,
        )
    )
    return result


def looks_by_class(
    school: School, classes: list[SchoolClass], monday: datetime.date
) -> list[ClassLooks]:
    """Per class: how many parent–pupil pairs there are and how many looked."""
    start, end = _week(monday)
    enrollments, by_pupil = _relations(school, classes, start, end)
    seen = _views(school, list({e.student_id for e in enrollments}), start, end)
    totals = {c.pk: [0, 0] for c in classes}
    counted = set()
    for enrollment in enrollments:
        key = (enrollment.school_class_id, enrollment.student_id)
        if key in counted:
            continue
        counted.add(key)
        for relation in by_pupil[enrollment.student_id]:
            totals[enrollment.school_class_id][0] += 1
            if (relation.guardian.user_id, enrollment.student_id) in seen:
                totals[enrollment.school_class_id][1] += 1
    return [
        ClassLooks(school_class=c, parents=totals[c.pk][0], looked=totals[c.pk][1])
        for c in sorted(classes, key=lambda c: (c.grade, c.letter))
    ]
