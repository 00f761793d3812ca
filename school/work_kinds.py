"""Which kind of work a new mark gets when the teacher has not picked one."""

from __future__ import annotations

from collections.abc import Iterable

from .models import School, WorkKind


def default_work_kind(school: School, kinds: Iterable[WorkKind]) -> WorkKind | None:
    """The school's default kind while in use; else its lightest plain kind in use,
    the first made — never simply the first by name («Диктант ×2»)."""
    active = [kind for kind in kinds if kind.is_active]
    chosen = next((k for k in active if k.pk == school.default_work_kind_id), None)
    if chosen is not None:
        return chosen
    plain = [kind for kind in active if not kind.is_control] or active
    return min(plain, key=lambda k: (k.weight, k.pk), default=None)
