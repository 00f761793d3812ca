from .accounts import Event, Membership, Role, User
from .querysets import SchoolScopedQuerySet
from .tenancy import AcademicYear, GradingScaleKind, Municipality, School

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
