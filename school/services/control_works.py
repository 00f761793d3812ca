"""The internal control-work schedule (ВШК, B6): the administration plans it."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..errors import ApplicationError
from ..history import attribute
from ..models import (
    ControlWork,
    StudyGroup,
    Subject,
    User,
    WorkKind,
)
from .common import ensure_same_school, group_lock, save_with_history

WORK_DATE_OUTSIDE_YEAR = _("The date must lie within the academic year %(year)s.")
WORK_CLASH = _(
    "On this day %(group)s already has a control work: %(work)s. Sanitary rules "
    "allow no more than one control work a day."
)


def _check_control_work(work: ControlWork) -> None:
    year = work.group.year
    if not year.contains(work.date):
        raise ValidationError({"date": WORK_DATE_OUTSIDE_YEAR % {"year": year.name}})
    clash = _clashing_work(work)
    if clash is not None:
        group = work.group.school_class or work.group
        raise ApplicationError(
            WORK_CLASH
            % {"group": group.name, "work": f"{clash.subject} — {clash.title}"}
        )


def _clashing_work(work: ControlWork) -> ControlWork | None:
    """Another work the same day for the same pupils: the same group, or another
    subject anywhere in the same class (whole class or its subgroups)."""
    same_day = ControlWork.objects.filter(school=work.school, date=work.date).exclude(
        pk=work.pk
    )
    clash = same_day.filter(group=work.group)
    school_class_id = work.group.school_class_id
    if school_class_id is not None:
        clash = clash | same_day.filter(group__school_class_id=school_class_id).exclude(
            subject=work.subject
        )
    return clash.select_related("subject").order_by("pk").first()


@transaction.atomic
def control_work_create(
    *,
    actor: User,
    group: StudyGroup,
    subject: Subject,
    date: datetime.date,
    title: str,
    lesson_number: int | None = None,
    work_kind: WorkKind | None = None,
) -> ControlWork:
    """The administration schedules a control work: one a day per class."""
    permissions.ensure_can_manage_control_works(actor, group.school)
    ensure_same_school(group.school, subject, work_kind)
    group_lock(group)
    work = ControlWork(
        school=group.school,
        year=group.year,
        group=group,
        subject=subject,
        date=date,
        lesson_number=lesson_number,
        title=title.strip(),
        work_kind=work_kind,
        created_by=actor,
    )
    _check_control_work(work)
    save_with_history(work, actor)
    return work


@transaction.atomic
def control_work_update(
    *,
    actor: User,
    work: ControlWork,
    group: StudyGroup,
    subject: Subject,
    date: datetime.date,
    title: str,
    lesson_number: int | None = None,
    work_kind: WorkKind | None = None,
) -> ControlWork:
    """Moves or renames a scheduled control work under the same rules."""
    permissions.ensure_can_manage_control_works(actor, work.school)
    ensure_same_school(work.school, group, subject, work_kind)
    group_lock(group)
    values = {
        "group": group,
        "year": group.year,
        "subject": subject,
        "date": date,
        "title": title.strip(),
        "lesson_number": lesson_number,
        "work_kind": work_kind,
    }
    changed = [f for f, v in values.items() if getattr(work, f) != v]
    for field in changed:
        setattr(work, field, values[field])
    _check_control_work(work)
    if changed:
        save_with_history(work, actor, changed)
    return work


@transaction.atomic
def control_work_delete(*, actor: User, work: ControlWork) -> None:
    """Removes a control work from the schedule, with history."""
    permissions.ensure_can_manage_control_works(actor, work.school)
    attribute(work, actor)
    work.delete()
