"""Who may keep topic plans (КТП, B5) and the control-work schedule (ВШК, B6)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied

from .models import School, StudyGroup, Subject, TeachingAssignment, User
from .permissions import can_manage_structure, can_view_structure


def teaches(
    user: User, group: StudyGroup, subject: Subject, day: datetime.date | None = None
) -> bool:
    """An assignment of this teacher to this subject in this group is in force today."""
    if not user.is_authenticated or not user.is_active:
        return False
    day = day or group.school.local_today()
    return (
        TeachingAssignment.objects.on(day)
        .filter(school=group.school, teacher=user, group=group, subject=subject)
        .exists()
    )


def can_view_plan(user: User, group: StudyGroup) -> bool:
    """Every staff member of the group's school reads its topic plans."""
    return can_view_structure(user, group.school)


def can_edit_plan(user: User, group: StudyGroup, subject: Subject) -> bool:
    """The teacher of the subject in the group, or the school's administration."""
    if subject.school_id != group.school_id:
        return False
    return can_manage_structure(user, group.school) or teaches(user, group, subject)


def ensure_can_edit_plan(user: User, group: StudyGroup, subject: Subject) -> None:
    if not can_edit_plan(user, group, subject):
        raise PermissionDenied


def can_view_control_works(user: User, school: School) -> bool:
    """The schedule of control works is open to every staff member of the school."""
    return can_view_structure(user, school)


def can_manage_control_works(user: User, school: School) -> bool:
    """The administration draws up the schedule of control works (001 §ВШК)."""
    return can_manage_structure(user, school)


def ensure_can_manage_control_works(user: User, school: School) -> None:
    if not can_manage_control_works(user, school):
        raise PermissionDenied
