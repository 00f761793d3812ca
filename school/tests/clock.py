"""Moments on a school's own clock, for tests."""

import datetime
import zoneinfo


def at(school, day, hour, minute=0):
    """A moment on the school's own clock."""
    return datetime.datetime(
        day.year,
        day.month,
        day.day,
        hour,
        minute,
        tzinfo=zoneinfo.ZoneInfo(school.time_zone),
    )
