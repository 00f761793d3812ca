"""Compromise reports (A6, 001 §4.3–4.4): lock, list what was done, revert or confirm.

Reverting a row of another app goes through that app's own services: journal
(and any later app) registers a reverter per history model in its AppConfig.ready,
so this module never imports them (school ← audit ← journal).
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from audit import events
from school.errors import ApplicationError
from school.history import attribute
from school.models import Event, Membership, Role, School, User
from school.permissions import has_school_role

from . import chain
from .models import (
    CompromiseItem,
    CompromiseReport,
    CompromiseStatus,
    ItemDecision,
)

REVIEWERS = (Role.DEPUTY, Role.DIRECTOR)

SINCE_IN_FUTURE = _("The moment of the compromise cannot be in the future.")
NOT_A_MEMBER = _("This person has no role in the school.")
ALREADY_DECIDED = _("This operation has already been reviewed.")
NOT_REVERTIBLE = _(
    "This operation cannot be reverted here; undo it on its page and confirm it."
)

HISTORY_TYPES = {"+": _("created"), "~": _("changed"), "-": _("deleted")}

# History model label → reverter(*, actor, row, report); registered by the apps.
Reverter = Callable[..., None]
REVERTERS: dict[str, Reverter] = {}


def register_reverter(model_label: str, reverter: Reverter) -> None:
    """An app says how to undo one history row of its model through its services."""
    REVERTERS[model_label] = reverter


# --- Permissions ---------------------------------------------------------------------


def can_report_for(actor: User, user: User, school: School) -> bool:
    """The person themselves, or the school's sysadmin on their behalf."""
    if actor.pk == user.pk:
        return True
    return has_school_role(actor, school, Role.SYSADMIN)


def can_review_compromise(actor: User, school: School) -> bool:
    """The deputy (or the director) reviews what was done under the account."""
    return has_school_role(actor, school, *REVIEWERS)


def ensure_can_review_compromise(actor: User, school: School) -> None:
    if not can_review_compromise(actor, school):
        raise PermissionDenied


# --- Filing ---------------------------------------------------------------------------


def _end_sessions(user: User) -> int:
    """Delete every stored session of the account (the password hash check ends
    any session the store keeps elsewhere at its next request)."""
    from importlib import import_module

    from django.conf import settings

    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            store(session.session_key).delete()
            ended += 1
    return ended


@transaction.atomic
def compromise_report(
    *, actor: User, user: User, school: School, since=None
) -> CompromiseReport:
    """Lock the account at once, end its sessions and list what was done under it."""
    if not can_report_for(actor, user, school):
        raise PermissionDenied
    if not Membership.objects.filter(user=user, school=school).exists():
        raise ValidationError(NOT_A_MEMBER)
    now = timezone.now()
    if since is not None and since > now:
        raise ValidationError(SINCE_IN_FUTURE)
    user = User.objects.select_for_update().get(pk=user.pk)
    # No password works any more; the sysadmin issues a new one (A3).
    user.set_unusable_password()
    user.must_change_password = True
    attribute(user, actor)
    user.save(update_fields=["password", "must_change_password"])
    report = CompromiseReport(
        school=school, user=user, reported_by=actor, reported_at=now, since=since or now
    )
    report.full_clean()
    report.save()
    ended = _end_sessions(user)
    events.compromise_reported(actor=actor, report=report, sessions=ended)
    compromise_items_collect(report=report)
    return report


def _history_label(row) -> str:
    model = row.instance_type._meta
    kind = HISTORY_TYPES.get(row.history_type, row.history_type)
    try:
        text = str(row.instance)
    except Exception:  # a row whose relations are gone still gets listed
        text = f"#{row.id}"
    return f"{str(model.verbose_name).capitalize()} — {kind}: {text}"[:300]


def compromise_items_collect(*, report: CompromiseReport) -> int:
    """Every history row and event of the account from the report's moment."""
    found = []
    for source in chain.sources():
        model = source.model
        if source.name == Event._meta.db_table:
            rows = model.objects.filter(
                actor_id=report.user_id, created_at__gte=report.since
            ).exclude(
                code__in=(events.REPORTED, events.ITEM_REVERTED, events.ITEM_CONFIRMED)
            )
            found += [
                CompromiseItem(
                    report=report,
                    source=source.name,
                    row_id=e.pk,
                    happened_at=e.created_at,
                    label=f"{_('Event')}: {e.code}"[:300],
                )
                for e in rows
            ]
            continue
        rows = model.objects.filter(
            history_user_id=report.user_id, history_date__gte=report.since
        )
        found += [
            CompromiseItem(
                report=report,
                source=source.name,
                row_id=row.pk,
                happened_at=row.history_date,
                label=_history_label(row),
                revertible=model._meta.label in REVERTERS,
            )
            for row in rows
        ]
    # The account's own lock, written by the report, is not an operation of it.
    found = [
        i
        for i in found
        if not (
            i.source == "school_historicaluser" and i.happened_at >= report.reported_at
        )
    ]
    CompromiseItem.objects.bulk_create(found, ignore_conflicts=True)
    return len(found)


# --- Review ---------------------------------------------------------------------------


def _history_row(item: CompromiseItem):
    source = next(s for s in chain.sources() if s.name == item.source)
    return source.model.objects.get(pk=item.row_id)


def _decide(actor: User, item: CompromiseItem, decision: str) -> None:
    item.decision = decision
    item.decided_by = actor
    item.decided_at = timezone.now()
    item.save(update_fields=["decision", "decided_by", "decided_at"])
    report = item.report
    if not report.items.filter(decision=ItemDecision.PENDING).exists():
        report.status = CompromiseStatus.CLOSED
        report.save(update_fields=["status"])


def _locked(item: CompromiseItem) -> CompromiseItem:
    item = (
        CompromiseItem.objects.select_for_update()
        .select_related("report__school", "report__user")
        .get(pk=item.pk)
    )
    if item.decision != ItemDecision.PENDING:
        raise ApplicationError(ALREADY_DECIDED)
    return item


@transaction.atomic
def compromise_item_revert(*, actor: User, item: CompromiseItem) -> CompromiseItem:
    """Undo one operation through its app's service; history names the report."""
    ensure_can_review_compromise(actor, item.report.school)
    item = _locked(item)
    if not item.revertible:
        raise ApplicationError(NOT_REVERTIBLE)
    row = _history_row(item)
    REVERTERS[row._meta.label](actor=actor, row=row, report=item.report)
    _decide(actor, item, ItemDecision.REVERTED)
    events.compromise_item_reverted(actor=actor, item=item)
    return item


@transaction.atomic
def compromise_item_confirm(*, actor: User, item: CompromiseItem) -> CompromiseItem:
    """The deputy confirms that the person themselves made this operation."""
    ensure_can_review_compromise(actor, item.report.school)
    item = _locked(item)
    _decide(actor, item, ItemDecision.CONFIRMED)
    events.compromise_item_confirmed(actor=actor, item=item)
    return item


@transaction.atomic
def compromise_revert_all(*, actor: User, report: CompromiseReport) -> int:
    """Revert every revertible operation still to review, the latest first."""
    ensure_can_review_compromise(actor, report.school)
    items = report.items.filter(
        decision=ItemDecision.PENDING, revertible=True
    ).order_by("-happened_at", "-id")
    done = 0
    for item in items:
        compromise_item_revert(actor=actor, item=item)
        done += 1
    return done
