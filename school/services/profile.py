"""A user's own preferences."""

from __future__ import annotations

from django.db import transaction

from ..history import attribute
from ..models import User


@transaction.atomic
def user_language_set(*, actor: User, language: str) -> User:
    """A user picks their interface language for themselves ("" — the service's)."""
    if actor.language == language:
        return actor
    # Only this field is checked: an old account's other fields must not block it.
    actor.language = User._meta.get_field("language").clean(language, actor)
    attribute(actor, actor)
    actor.save(update_fields=["language"])
    return actor
