"""Pieces every structure service uses: history-aware save, school checks, roles."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..history import attribute, save_with_history
from ..models import Membership, School, User

OTHER_SCHOOL = _("All objects must belong to the same school.")


def ensure_same_school(school: School, *objects) -> None:
    """Refuse to mix schools: every object given must be of this school."""
    for obj in objects:
        if obj is not None and getattr(obj, "school_id", school.pk) != school.pk:
            raise ValidationError(OTHER_SCHOOL)


def update_with_history(obj, actor: User, values: dict) -> list[str]:
    """Set the values that differ and save only those, with history; say which."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        save_with_history(obj, actor, changed)
    return changed


def role_ensure(actor: User, user: User, school: School, role: str) -> Membership:
    """Give (or give back) a role in the school, with history."""
    membership = Membership.objects.filter(user=user, school=school, role=role).first()
    if membership is None:
        membership = Membership(
            user=user, school=school, municipality_id=school.municipality_id, role=role
        )
    elif membership.is_active:
        return membership
    membership.is_active = True
    membership.ended_at = None
    save_with_history(membership, actor)
    return membership


def role_end(actor: User, user: User, school: School, role: str) -> None:
    """End a role at once; the person keeps authorship of what they wrote."""
    for membership in Membership.objects.filter(
        user=user, school=school, role=role, is_active=True
    ):
        membership.is_active = False
        membership.ended_at = timezone.now()
        attribute(membership, actor)
        membership.save(update_fields=["is_active", "ended_at"])


def group_lock(group) -> None:
    """One writer at a time per study group: numbering and same-day checks hold."""
    type(group).objects.select_for_update().filter(pk=group.pk).first()
