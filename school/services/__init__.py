"""Every write of the school app, one module per area.

Accounts and tenancy services are re-exported here; other areas are imported as
modules: `from school.services import structure, timetable`.
"""

from ..errors import ApplicationError
from .accounts import (
    SCHOOL_SETTINGS_FIELDS,
    academic_year_create,
    membership_end,
    membership_grant,
    membership_switch,
    municipality_create,
    school_create,
    school_settings_update,
    session_ended,
    session_refused,
    session_started,
    user_create,
    user_password_change,
)

__all__ = [
    "SCHOOL_SETTINGS_FIELDS",
    "ApplicationError",
    "academic_year_create",
    "membership_end",
    "membership_grant",
    "membership_switch",
    "municipality_create",
    "school_create",
    "school_settings_update",
    "session_ended",
    "session_refused",
    "session_started",
    "user_create",
    "user_password_change",
]
