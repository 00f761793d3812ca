"""Who may do what in a school; ensure_* raise PermissionDenied, can_* answer.

One source of truth for object access: the domain rows themselves. A teacher
keeps a journal because a TeachingAssignment covers the day (its starts_on and
ends_on), or because a substitution in TimetableChange names them on that date
(the temporary grant); the class teacher reads the class because
SchoolClass.class_teacher says so; a parent reads a diary because a
GuardianRelation links them. django-guardian's per-object grants were once
written next to these rows but never read by any gate, so they could only drift
(a grant outliving its load, a substitute without one). They went with their
tables (migration school 0003): ending a load, a substitution's date passing
or a link being removed cuts access at once, with no job to revoke anything.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .models import (
    GroupKind,
    Guardian,
    GuardianRelation,
    Membership,
    Municipality,
    Role,
    School,
    SchoolClass,
    StaffMember,
    Student,
    StudyGroup,
    Subject,
    TeachingAssignment,
    User,
)
from .models.accounts import STAFF_ROLES

NOT_SUPERUSER = _("Only the platform administrator may do this.")

SETTINGS_EDITORS = (Role.DIRECTOR, Role.SYSADMIN)
EVENT_READERS = (Role.SYSADMIN,)


def _memberships(user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user, is_active=True)


def schools_visible_to(user: User) -> QuerySet[School]:
    """Schools the user works or studies in, or oversees as an inspector."""
    if not user.is_authenticated or not user.is_active:
        return School.objects.none()
    if user.is_superuser:
        return School.objects.all()
    memberships = _memberships(user)
    return School.objects.filter(
        Q(pk__in=memberships.filter(school__isnull=False).values("school"))
        | Q(
            municipality__in=memberships.filter(role=Role.INSPECTOR).values(
                "municipality"
            )
        )
    ).distinct()


def has_school_role(user: User, school: School, *roles: str) -> bool:
    """An active membership with one of the roles in exactly this school."""
    if not user.is_authenticated or not user.is_active:
        return False
    return _memberships(user).filter(school=school, role__in=roles).exists()


def can_change_school_settings(user: User, school: School) -> bool:
    """The director and the sysadmin of the school set its edit windows and scale."""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return True
    return has_school_role(user, school, *SETTINGS_EDITORS)


def ensure_can_change_school_settings(user: User, school: School) -> None:
    if not can_change_school_settings(user, school):
        raise PermissionDenied


def can_view_events(user: User, school: School) -> bool:
    """The events log of a school is for its sysadmin (and the platform superuser)."""
    if user.is_authenticated and user.is_active and user.is_superuser:
        return True
    return has_school_role(user, school, *EVENT_READERS)


def can_use_membership(user: User, membership: Membership) -> bool:
    """A user acts only in their own active memberships."""
    return (
        user.is_authenticated
        and user.is_active
        and membership.user_id == user.pk
        and membership.is_active
    )


def ensure_can_use_membership(user: User, membership: Membership) -> None:
    if not can_use_membership(user, membership):
        raise PermissionDenied


# --- School structure (issue B) ---------------------------------------------------

# The deputy sets the year up by 5 September (001 §7А.5); director and sysadmin too.
STRUCTURE_EDITORS = (Role.DEPUTY, Role.DIRECTOR, Role.SYSADMIN)
STAFF_EDITORS = (Role.HR, Role.DIRECTOR, Role.SYSADMIN)
TIMETABLE_EDITORS = (Role.DEPUTY, Role.DIRECTOR)
STAFF_VIEWERS = tuple(STAFF_ROLES)


def _superuser(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def can_view_structure(user: User, school: School) -> bool:
    """Staff of the school see its classes, groups, timetable and plans."""
    return _superuser(user) or has_school_role(user, school, *STAFF_VIEWERS)


def can_manage_structure(user: User, school: School) -> bool:
    """Calendar, reference lists, classes, groups, curriculum, load, movement."""
    return _superuser(user) or has_school_role(user, school, *STRUCTURE_EDITORS)


def ensure_can_manage_structure(user: User, school: School) -> None:
    if not can_manage_structure(user, school):
        raise PermissionDenied


def can_manage_staff(user: User, school: School) -> bool:
    """HR enters hires and dismissals (B9); the director and sysadmin may too."""
    return _superuser(user) or has_school_role(user, school, *STAFF_EDITORS)


def ensure_can_manage_staff(user: User, school: School) -> None:
    if not can_manage_staff(user, school):
        raise PermissionDenied


def can_manage_timetable(user: User, school: School) -> bool:
    """The deputy (and director) build the timetable and record its changes."""
    return _superuser(user) or has_school_role(user, school, *TIMETABLE_EDITORS)


def ensure_can_manage_timetable(user: User, school: School) -> None:
    if not can_manage_timetable(user, school):
        raise PermissionDenied


def is_class_teacher_of(user: User, school_class) -> bool:
    """The class's own class teacher, while they hold that role in its school."""
    return school_class.class_teacher_id == user.pk and has_school_role(
        user, school_class.school, Role.CLASS_TEACHER
    )


def can_edit_class_groups(user: User, school_class) -> bool:
    """Subgroups of a split subject are formed by the class teacher (000 §в)."""
    return is_class_teacher_of(user, school_class) or can_manage_structure(
        user, school_class.school
    )


def ensure_can_edit_class_groups(user: User, school_class) -> None:
    if not can_edit_class_groups(user, school_class):
        raise PermissionDenied


def can_keep_class_people(user: User, school_class) -> bool:
    """Class teachers keep pupil and parent data current (B9)."""
    return can_edit_class_groups(user, school_class)


def can_issue_class_credentials(user: User, school_class) -> bool:
    """Pupils and parents get credentials from their class teacher (A3)."""
    return (
        _superuser(user)
        or is_class_teacher_of(user, school_class)
        or has_school_role(user, school_class.school, Role.SYSADMIN)
    )


def ensure_can_issue_class_credentials(user: User, school_class) -> None:
    if not can_issue_class_credentials(user, school_class):
        raise PermissionDenied


def can_issue_staff_credentials(user: User, school: School) -> bool:
    """Staff get credentials from the sysadmin (A3)."""
    return _superuser(user) or has_school_role(user, school, Role.SYSADMIN)


def ensure_can_issue_staff_credentials(user: User, school: School) -> None:
    if not can_issue_staff_credentials(user, school):
        raise PermissionDenied


def can_import(user: User, school: School, kind: str) -> bool:
    """Structure editors import lists; HR imports staff too."""
    if kind == "staff" and can_manage_staff(user, school):
        return True
    return can_manage_structure(user, school)


def ensure_can_import(user: User, school: School, kind: str) -> None:
    if not can_import(user, school, kind):
        raise PermissionDenied


def can_edit_group_members(user: User, group: StudyGroup) -> bool:
    """Who puts pupils into a group and takes them out (000 §в, B3, B8).

    A subgroup of a class: its class teacher or the administration; other groups
    (profile, elective, clubs, streams): the administration. The whole-class
    group is nobody's to edit by hand: it is the class list, which changes only
    by admission, transfer and leaving orders.
    """
    if group.kind == GroupKind.CLASS:
        return False
    if group.kind == GroupKind.SUBGROUP and group.school_class is not None:
        return can_edit_class_groups(user, group.school_class)
    return can_manage_structure(user, group.school)


def ensure_can_edit_group_members(user: User, group: StudyGroup) -> None:
    if not can_edit_group_members(user, group):
        raise PermissionDenied


def can_keep_pupil(
    user: User, student: Student, school_class: SchoolClass | None
) -> bool:
    """A pupil's data: their current class's teacher or, out of a class, the
    administration (B9)."""
    if school_class is None:
        return can_manage_structure(user, student.school)
    return can_keep_class_people(user, school_class)


def ensure_can_keep_pupil(
    user: User, student: Student, school_class: SchoolClass | None
) -> None:
    if not can_keep_pupil(user, student, school_class):
        raise PermissionDenied


def ensure_can_keep_pupil_person(
    user: User, student: Student, school_class: SchoolClass | None, person: User
) -> None:
    """The pupil's keeper corrects the pupil or a parent of the pupil, no one else."""
    ensure_can_keep_pupil(user, student, school_class)
    is_parent = GuardianRelation.objects.filter(
        student=student, guardian__user=person, guardian__school=student.school
    ).exists()
    if person.pk != student.user_id and not is_parent:
        raise PermissionDenied


def _is_person_of(user: User, school: School) -> bool:
    return (
        Student.objects.filter(school=school, user=user).exists()
        or Guardian.objects.filter(school=school, user=user).exists()
        or StaffMember.objects.filter(school=school, user=user).exists()
    )


def ensure_can_correct_person(actor: User, school: School, person: User) -> None:
    """The administration or HR corrects a person of their own school only."""
    if not (can_manage_structure(actor, school) or can_manage_staff(actor, school)):
        raise PermissionDenied
    if not _is_person_of(person, school):
        raise PermissionDenied


# --- Platform and accounts --------------------------------------------------------

MEMBERSHIP_GRANTERS = (Role.SYSADMIN, Role.DIRECTOR, Role.HR)
YEAR_EDITORS = (Role.SYSADMIN, Role.DIRECTOR, Role.DEPUTY)


def ensure_is_platform_admin(user: User) -> None:
    """Education departments and schools are opened by the platform superuser."""
    if not _superuser(user):
        raise PermissionDenied(NOT_SUPERUSER)


def ensure_can_open_year(user: User, school: School) -> None:
    """The administration (sysadmin, director, deputy) opens the school's years."""
    if not (_superuser(user) or has_school_role(user, school, *YEAR_EDITORS)):
        raise PermissionDenied


def ensure_can_grant_membership(
    user: User, school: School | None, municipality: Municipality
) -> None:
    """Roles in a school are given by its sysadmin, director or HR (A3)."""
    if _superuser(user):
        return
    if school is None or not has_school_role(user, school, *MEMBERSHIP_GRANTERS):
        raise PermissionDenied


def ensure_can_create_account(user: User) -> None:
    """Whoever may give roles somewhere may create the account to give them to."""
    if not (
        _superuser(user)
        or Membership.objects.active()
        .filter(user=user, role__in=MEMBERSHIP_GRANTERS)
        .exists()
    ):
        raise PermissionDenied


def ensure_can_change_password(user: User, account: User) -> None:
    """A user sets their own password only."""
    if user.pk != account.pk:
        raise PermissionDenied


# --- Topic plans (КТП, B5) and control works (ВШК, B6) ----------------------------


def teaches(
    user: User, group: StudyGroup, subject: Subject, day: datetime.date | None = None
) -> bool:
    """An assignment of this teacher to this subject in this group is in force today."""
    if not user.is_authenticated or not user.is_active:
        return False
    day = day or group.school.local_today()
    return (
        TeachingAssignment.objects.on(day)
        .filter(school=group.school, teacher=user, group=group, subject=subject)
        .exists()
    )


def can_view_plan(user: User, group: StudyGroup) -> bool:
    """Every staff member of the group's school reads its topic plans."""
    return can_view_structure(user, group.school)


def can_edit_plan(user: User, group: StudyGroup, subject: Subject) -> bool:
    """The teacher of the subject in the group, or the school's administration."""
    if subject.school_id != group.school_id:
        return False
    return can_manage_structure(user, group.school) or teaches(user, group, subject)


def ensure_can_edit_plan(user: User, group: StudyGroup, subject: Subject) -> None:
    if not can_edit_plan(user, group, subject):
        raise PermissionDenied


def can_view_control_works(user: User, school: School) -> bool:
    """The schedule of control works is open to every staff member of the school."""
    return can_view_structure(user, school)


def can_manage_control_works(user: User, school: School) -> bool:
    """The administration draws up the schedule of control works (001 §ВШК)."""
    return can_manage_structure(user, school)


def ensure_can_manage_control_works(user: User, school: School) -> None:
    if not can_manage_control_works(user, school):
        raise PermissionDenied
