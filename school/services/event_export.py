"""The sysadmin's events log exported as a spreadsheet."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import events as school_events
from .. import permissions
from ..event_log import event_rows
from ..models import Event, School, User
from .imports import write_xlsx

# A year of a large school's log fits; beyond that, narrow the dates.
EXPORT_LIMIT = 50_000


def events_export(*, actor: User, school: School, events: QuerySet[Event]) -> bytes:
    """The selected events in words as XLSX (newest first); the export is an event."""
    if not permissions.can_view_events(actor, school):
        raise PermissionDenied
    rows = event_rows(events[:EXPORT_LIMIT])
    headers = [_("Time"), _("Event"), _("Person"), _("IP address"), _("Details")]
    zone = school.tzinfo
    table = [
        [
            timezone.localtime(row.event.created_at, zone).strftime(
                "%d.%m.%Y %H:%M:%S"
            ),
            row.label,
            row.person,
            row.event.ip or "",
            row.details_text,
        ]
        for row in rows
    ]
    content = write_xlsx(headers, table)
    school_events.list_exported(
        actor=actor, school=school, kind="events", rows=len(table)
    )
    return content
