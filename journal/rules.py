"""When an entry may be made, and when it is late: computed on the school's clock.

C6–C8 and DESIGN "Edit rules": marks and attendance from the lesson's start until
the end of the lesson day plus the school's window; homework within H hours after
the teacher's last lesson of the day; marks of a kind with a deadline (control work
3 days, written work a week, exam 1 day) are late after it; period marks in the last
week of the period and no later than 2 days after it ends.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from school.models import Bell, School, StudyPeriod, WorkKind

DEFAULT_START = datetime.time(8, 0)
DEFAULT_LENGTH = datetime.timedelta(minutes=45)
DEFAULT_BREAK = datetime.timedelta(minutes=10)
PERIOD_MARKS_OPEN_DAYS_BEFORE_END = 6
PERIOD_MARKS_DUE_DAYS_AFTER_END = 2


@dataclass(frozen=True)
class Window:
    opens_at: datetime.datetime
    closes_at: datetime.datetime

    def state(self, moment: datetime.datetime) -> str:
        """'early', 'open' or 'closed' for the moment."""
        if moment < self.opens_at:
            return "early"
        if moment > self.closes_at:
            return "closed"
        return "open"


def _local(school: School, day: datetime.date, at: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(day, at, tzinfo=school.tzinfo)


def _end_of_day(school: School, day: datetime.date) -> datetime.datetime:
    return _local(school, day, datetime.time.max)


def default_bell(lesson_number: int) -> tuple[datetime.time, datetime.time]:
    """Start and end of a lesson number where the school has no bell for it:
    45-minute lessons from 08:00 with 10-minute breaks."""
    start = datetime.datetime.combine(datetime.date(2000, 1, 1), DEFAULT_START)
    start += (DEFAULT_LENGTH + DEFAULT_BREAK) * (lesson_number - 1)
    return start.time(), (start + DEFAULT_LENGTH).time()


def bell_times(
    school: School, lesson_number: int
) -> tuple[datetime.time, datetime.time]:
    """Start and end of a lesson number by the school's default bells."""
    bell = (
        Bell.objects.filter(
            schedule__school=school, schedule__is_default=True, number=lesson_number
        )
        .only("starts_at", "ends_at")
        .first()
    )
    if bell is not None:
        return bell.starts_at, bell.ends_at
    return default_bell(lesson_number)


# Why an entry is refused, by the state of its window (C6–C8); the grid shows the
# same sentence on a locked column that the service raises.
FUTURE_LESSON = _(
    "This lesson has not started yet: marks and attendance open at its start."
)
WINDOW_CLOSED = _(
    "The time for entries on this lesson has passed. File a correction request to "
    "change it."
)
PERIOD_CLOSED = _(
    "The period is closed: its journal can only be changed by an approved "
    "correction request."
)
EARLY, OPEN, CLOSED, PERIOD_IS_CLOSED = "early", "open", "closed", "period_closed"
REFUSALS = {
    EARLY: FUTURE_LESSON,
    CLOSED: WINDOW_CLOSED,
    PERIOD_IS_CLOSED: PERIOD_CLOSED,
}


def entry_state(
    school: School,
    day: datetime.date,
    starts_at: datetime.time,
    *,
    period_closed: bool,
    moment: datetime.datetime,
) -> str:
    """'open' while marks and attendance of the lesson may be entered; otherwise
    the reason: 'period_closed', 'early' or 'closed' (a key of REFUSALS)."""
    if period_closed:
        return PERIOD_IS_CLOSED
    return entry_window(school, day, starts_at).state(moment)


def entry_window(
    school: School, day: datetime.date, starts_at: datetime.time
) -> Window:
    """Marks and attendance: from the lesson's start to the end of the window."""
    last_day = day + datetime.timedelta(days=school.edit_window_days)
    return Window(_local(school, day, starts_at), _end_of_day(school, last_day))


def mark_is_late(
    school: School, day: datetime.date, work_kind: WorkKind, moment: datetime.datetime
) -> bool:
    """Entered after the kind's deadline, or after the lesson day for other kinds."""
    days = work_kind.deadline_days or 0
    return moment > _end_of_day(school, day + datetime.timedelta(days=days))


def attendance_is_late(
    school: School, day: datetime.date, moment: datetime.datetime
) -> bool:
    """Attendance is due on the lesson day (003 §2.1)."""
    return moment > _end_of_day(school, day)


def homework_is_late(
    school: School, last_lesson_end: datetime.datetime, moment: datetime.datetime
) -> bool:
    hours = float(school.homework_deadline_hours)
    return moment > last_lesson_end + datetime.timedelta(hours=hours)


def period_mark_window(school: School, period: StudyPeriod) -> Window:
    """The last week of the period until the period closes; due 2 days after."""
    opens = period.ends_on - datetime.timedelta(days=PERIOD_MARKS_OPEN_DAYS_BEFORE_END)
    return Window(
        _local(school, opens, datetime.time.min),
        _end_of_day(
            school,
            period.ends_on + datetime.timedelta(days=PERIOD_MARKS_DUE_DAYS_AFTER_END),
        ),
    )


def now() -> datetime.datetime:
    return timezone.now()
