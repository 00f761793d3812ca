"""Small structure writes the pages need beyond structure.py and people.py."""

from __future__ import annotations

from django.db import transaction

from .. import permissions
from ..models import Room, User
from .common import save_with_history
from .people import pupil_person_update

__all__ = ["pupil_person_update", "room_update"]


@transaction.atomic
def room_update(*, actor: User, room: Room, name: str, capacity: int | None) -> Room:
    """Rename a room or change its seats; names stay unique within the school."""
    permissions.ensure_can_manage_structure(actor, room.school)
    fields = {"name": name.strip(), "capacity": capacity}
    changed = [f for f, v in fields.items() if getattr(room, f) != v]
    for field in changed:
        setattr(room, field, fields[field])
    if changed:
        save_with_history(room, actor, changed)
    return room
