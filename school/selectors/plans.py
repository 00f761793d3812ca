"""Reads for topic plans (КТП) and the control-work schedule (ВШК)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from .. import permissions
from ..models import (
    AcademicYear,
    ControlWork,
    LessonPlanItem,
    School,
    StudyGroup,
    Subject,
    TeachingAssignment,
    User,
)
from ..permissions import can_edit_plan, can_view_control_works, can_view_plan


@dataclass
class PlanRow:
    """One group × subject of the plans list, with its planned lessons count."""

    group: StudyGroup
    subject: Subject
    count: int = 0
    teachers: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CopySource:
    """A plan that may be copied: a parallel class now, or a group of last year."""

    group: StudyGroup
    count: int
    previous_year: bool


def previous_year(year: AcademicYear) -> AcademicYear | None:
    """The school's academic year just before this one."""
    return (
        AcademicYear.objects.for_school(year.school_id)
        .filter(starts_on__lt=year.starts_on)
        .order_by("-starts_on")
        .first()
    )


def _plan_counts(school: School, year: AcademicYear) -> dict[tuple[int, int], int]:
    rows = (
        LessonPlanItem.objects.for_school(school)
        .filter(year=year)
        .values("group_id", "subject_id")
        .annotate(n=Count("id"))
    )
    return {(r["group_id"], r["subject_id"]): r["n"] for r in rows}


def plan_rows_for_user(user: User, school: School, year: AcademicYear) -> list[PlanRow]:
    """The administration sees every group × subject of the year; a teacher sees
    the subjects they teach now."""
    today = school.local_today()
    assignments = TeachingAssignment.objects.for_school(school).filter(year=year)
    manager = permissions.can_manage_structure(user, school)
    if not manager:
        assignments = assignments.on(today).filter(teacher=user)
    rows: dict[tuple[int, int], PlanRow] = {}
    for a in assignments.select_related("group", "subject", "teacher"):
        row = rows.setdefault(
            (a.group_id, a.subject_id), PlanRow(group=a.group, subject=a.subject)
        )
        active = a.starts_on <= today and (a.ends_on is None or a.ends_on >= today)
        if active and a.teacher.get_short_name() not in row.teachers:
            row.teachers.append(a.teacher.get_short_name())
    counts = _plan_counts(school, year)
    if manager:
        _add_plans_without_assignment(rows, counts)
    for key, row in rows.items():
        row.count = counts.get(key, 0)
    return sorted(
        rows.values(), key=lambda r: (r.group.grade, r.group.name, r.subject.name)
    )


def _add_plans_without_assignment(
    rows: dict[tuple[int, int], PlanRow], counts: dict[tuple[int, int], int]
) -> None:
    missing = [key for key in counts if key not in rows]
    if not missing:
        return
    groups = StudyGroup.objects.in_bulk({g for g, _s in missing})
    subjects = Subject.objects.in_bulk({s for _g, s in missing})
    for g, s in missing:
        rows[(g, s)] = PlanRow(group=groups[g], subject=subjects[s])


def plan_group_get_for_view(user: User, school: School, group_id: int) -> StudyGroup:
    """A group of the school whose plans the user may read; else a 404."""
    group = (
        StudyGroup.objects.for_school(school)
        .select_related("school", "year", "school_class")
        .filter(pk=group_id)
        .first()
    )
    if group is None or not can_view_plan(user, group):
        raise Http404
    return group


def plan_subject_get(school: School, subject_id: int) -> Subject:
    subject = Subject.objects.for_school(school).filter(pk=subject_id).first()
    if subject is None:
        raise Http404
    return subject


def plan_item_list(group: StudyGroup, subject: Subject) -> QuerySet[LessonPlanItem]:
    """The lessons of one plan in order; callers have checked the group is readable."""
    return LessonPlanItem.objects.filter(group=group, subject=subject).order_by(
        "number"
    )


def plan_item_get_for_edit(
    user: User, group: StudyGroup, subject: Subject, item_id: int
) -> LessonPlanItem:
    """A lesson of a plan the user may edit; anything else is a 404."""
    item = (
        plan_item_list(group, subject)
        .select_related("group__school", "group__year", "subject")
        .filter(pk=item_id)
        .first()
    )
    if item is None or not can_edit_plan(user, group, subject):
        raise Http404
    return item


def plan_copy_sources(group: StudyGroup, subject: Subject) -> list[CopySource]:
    """Non-empty plans of the subject in parallel groups of this year and in the
    groups of the previous year, same grade first."""
    last = previous_year(group.year)
    where = Q(group__year=group.year, group__grade=group.grade)
    if last is not None:
        where |= Q(group__year=last)
    counts = dict(
        LessonPlanItem.objects.for_school(group.school)
        .filter(where, subject=subject)
        .exclude(group=group)
        .values_list("group_id")
        .annotate(n=Count("id"))
    )
    groups = StudyGroup.objects.select_related("year").in_bulk(counts)
    sources = [
        CopySource(g, counts[g.pk], previous_year=g.year_id != group.year_id)
        for g in groups.values()
    ]
    return sorted(
        sources,
        key=lambda s: (s.previous_year, s.group.grade != group.grade, s.group.name),
    )


# --- Control works --------------------------------------------------------------


def _control_works() -> QuerySet[ControlWork]:
    return ControlWork.objects.select_related(
        "group__school_class", "subject", "work_kind"
    ).order_by("date", "group__grade", "group__name", "lesson_number")


def control_work_list_for_school(
    user: User, school: School, start: datetime.date, end: datetime.date
) -> QuerySet[ControlWork]:
    """Control works of the school in [start, end], for its staff only."""
    if not can_view_control_works(user, school):
        return ControlWork.objects.none()
    return _control_works().filter(school=school, date__range=(start, end))


def control_work_list_for_group(
    group_ids: Iterable[int], start: datetime.date, end: datetime.date
) -> QuerySet[ControlWork]:
    """Control works of these groups in [start, end]. No permission check: the
    caller (the diary) passes only groups the reader may see."""
    return _control_works().filter(group_id__in=group_ids, date__range=(start, end))


def control_work_get_for_edit(user: User, school: School, work_id: int) -> ControlWork:
    """A control work of the school that the user may change; else a 404."""
    work = (
        ControlWork.objects.for_school(school)
        .select_related("school", "group__year", "subject", "work_kind")
        .filter(pk=work_id)
        .first()
    )
    if work is None or not permissions.can_manage_structure(user, school):
        raise Http404
    return work
