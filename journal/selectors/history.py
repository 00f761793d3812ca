"""Who entered or changed what in one cell of the journal, and when (C12)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from journal.models import Attendance, CorrectionRequest, Lesson, Mark
from school.models import Student

ACTIONS = {"+": _("entered"), "~": _("changed"), "-": _("removed")}
CORRECTION = re.compile(r"correction #(\d+)")


@dataclass
class HistoryEntry:
    at: datetime.datetime
    author: str
    action: str
    what: str
    value: str
    is_late: bool
    correction: CorrectionRequest | None


def _entries(records, what_of, zone, corrections) -> list[HistoryEntry]:
    entries = []
    for record in records:
        found = CORRECTION.search(record.history_change_reason or "")
        entries.append(
            HistoryEntry(
                at=timezone.localtime(record.history_date, zone).replace(tzinfo=None),
                author=record.history_user.get_full_name()
                if record.history_user
                else "",
                action=str(ACTIONS[record.history_type]),
                what=what_of(record),
                value="" if record.history_type == "-" else record.value,
                is_late=getattr(record, "is_late", False),
                correction=corrections.get(int(found[1])) if found else None,
            )
        )
    return entries


def cell_history(lesson: Lesson | None, student: Student) -> list[HistoryEntry]:
    """Every version of the pupil's marks and attendance at the lesson, oldest first.

    The caller has checked that the reader may read this journal.
    """
    if lesson is None:
        return []
    cell = {"lesson_id": lesson.pk, "student_id": student.pk}
    marks = list(
        Mark.history.filter(**cell).select_related("history_user", "work_kind")
    )
    attendance = list(Attendance.history.filter(**cell).select_related("history_user"))
    numbers = {
        int(found[1])
        for record in [*marks, *attendance]
        if (found := CORRECTION.search(record.history_change_reason or ""))
    }
    corrections = {}
    if numbers:
        corrections = CorrectionRequest.objects.for_school(lesson.school).in_bulk(
            numbers
        )
    zone = lesson.school.tzinfo
    entries = _entries(marks, lambda r: r.work_kind.name, zone, corrections)
    entries += _entries(attendance, lambda r: str(_("attendance")), zone, corrections)
    entries.sort(key=lambda entry: entry.at)
    return entries
