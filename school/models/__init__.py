from .accounts import Event, Membership, Role, User
from .tenancy import AcademicYear, GradingScaleKind, Municipality, School
from .querysets import SchoolScopedQuerySet

__all__ = [
    "AcademicYear",
    "Event",
    "GradingScaleKind",
    "Membership",
    "Municipality",
    "Role",
    "School",
    "SchoolScopedQuerySet",
    "User",
]
