"""The one way a write names its author in django-simple-history.

Services call `attribute(obj, actor)` (with the reason, for an approved correction
or a reversal) right before `save()` or `delete()`, so views, imports, tasks and
commands are attributed alike; `save_with_history` does the whole step for rows
that are validated in full.
"""

from __future__ import annotations

from django.db.models import Model

from .models import User


def attribute(obj: Model, actor: User | None, reason: str = "") -> None:
    """The history row the next save or delete of obj writes names actor (and why)."""
    obj._history_user = actor  # type: ignore[attr-defined]
    if reason:
        obj._change_reason = reason  # type: ignore[attr-defined]


def save_with_history(
    obj: Model,
    actor: User | None,
    update_fields: list[str] | None = None,
    *,
    reason: str = "",
) -> None:
    """Validate fully, attribute the history row to the actor, save."""
    obj.full_clean()
    attribute(obj, actor, reason)
    obj.save(update_fields=update_fields)
