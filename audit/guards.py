"""Events and history rows are append-only inside the application (A7, C12).

Saving an existing row or deleting one raises PermissionDenied, from any code
path: a view, the admin, a shell. The one lawful destruction, a consent
revocation's purge (A5, 152-ФЗ), runs inside ``destruction_allowed()`` and seals
the new state of every row it touches (``chain.rows_reseal``).
"""

from __future__ import annotations

import contextlib
import contextvars
from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.db.models.signals import pre_delete, pre_save

_allowed = contextvars.ContextVar("audit_destruction_allowed", default=None)

IMMUTABLE = "Записи журнала событий и истории изменений не изменяются и не удаляются."


@contextlib.contextmanager
def destruction_allowed(*, reason: str):
    """Allow deleting and updating sealed rows; reseal every row touched on exit."""
    touched: dict[type, set] = defaultdict(set)
    token = _allowed.set(touched)
    try:
        yield
    finally:
        _allowed.reset(token)
    from .chain import rows_reseal

    for model, ids in touched.items():
        rows_reseal(model, sorted(ids), reason=reason)


def touched(model, ids) -> None:
    """Tell the current destruction which rows a queryset update changes."""
    scope = _allowed.get()
    if scope is not None:
        scope[model].update(ids)


def _refuse_update(sender, instance, raw=False, **kwargs):
    if raw or instance._state.adding:
        return
    if _allowed.get() is None:
        raise PermissionDenied(IMMUTABLE)
    touched(sender, [instance.pk])


def _refuse_delete(sender, instance, **kwargs):
    if _allowed.get() is None:
        raise PermissionDenied(IMMUTABLE)
    touched(sender, [instance.pk])


def install() -> None:
    from .chain import sources

    for source in sources():
        uid = f"audit-guard-{source.name}"
        pre_save.connect(_refuse_update, sender=source.model, dispatch_uid=uid)
        pre_delete.connect(_refuse_delete, sender=source.model, dispatch_uid=uid)
