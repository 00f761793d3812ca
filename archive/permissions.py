"""Who may see the backups and export a school's data."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from school.models import Role, School, User
from school.permissions import has_school_role

BACKUP_READERS = (Role.SYSADMIN,)
EXPORTERS = (Role.SYSADMIN,)


def _superuser(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.is_superuser


def can_view_backups(user: User, school: School) -> bool:
    """The sysadmin watches the copies (000 sysadmin §в); no personal data shown."""
    return _superuser(user) or has_school_role(user, school, *BACKUP_READERS)


def can_export_school(user: User, school: School) -> bool:
    """The school's sysadmin exports all of its data (G2)."""
    return _superuser(user) or has_school_role(user, school, *EXPORTERS)


def ensure_can_export_school(user: User, school: School) -> None:
    if not can_export_school(user, school):
        raise PermissionDenied
