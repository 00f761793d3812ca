"""People and movement: hires and dismissals, admission, transfer, leaving, parents."""

from __future__ import annotations

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import events, permissions
from ..history import attribute
from ..models import (
    Enrollment,
    GroupMembership,
    Guardian,
    GuardianRelation,
    Membership,
    MovementKind,
    Position,
    Role,
    School,
    SchoolClass,
    StaffMember,
    Student,
    TeachingAssignment,
    User,
)
from .common import ensure_same_school, role_end, role_ensure, save_with_history
from .structure import whole_class_group

POSITION_ROLE = {
    Position.TEACHER: Role.TEACHER,
    Position.DIRECTOR: Role.DIRECTOR,
    Position.DEPUTY: Role.DEPUTY,
    Position.SYSADMIN: Role.SYSADMIN,
    Position.HR: Role.HR,
    Position.TUTOR: Role.TUTOR,
}

ALREADY_DISMISSED = _("This person has already been dismissed.")
NOT_ENROLLED = _("%(pupil)s is not enrolled in any class now.")
SAME_CLASS = _("The pupil is already in class %(class)s.")
ALREADY_ENROLLED = _("%(pupil)s is already enrolled in class %(class)s.")
MOVE_BEFORE_START = _("The date must be after the pupil joined the current class.")
CLASS_OF_ANOTHER_YEAR = _("Pupils move between classes of the same academic year.")


def _placeholder_username() -> str:
    """A unique login until real credentials are issued (A3)."""
    return f"new-{uuid.uuid4().hex[:12]}"


def _person_create(
    *,
    actor: User,
    last_name: str,
    first_name: str,
    patronymic: str = "",
    email: str = "",
) -> User:
    """An account without a usable password; credentials are issued separately."""
    user = User(
        username=_placeholder_username(),
        last_name=last_name.strip(),
        first_name=first_name.strip(),
        patronymic=patronymic.strip(),
        email=email.strip(),
        must_change_password=True,
    )
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    attribute(user, actor)
    user.save()
    return user


def _person_fields_update(actor: User, user: User, fields: dict) -> User:
    allowed = {"last_name", "first_name", "patronymic", "email"}
    changed = [f for f, v in fields.items() if f in allowed and getattr(user, f) != v]
    for field in changed:
        setattr(user, field, fields[field].strip())
    if changed:
        user.full_clean(exclude=["password"])
        attribute(user, actor)
        user.save(update_fields=changed)
    return user


@transaction.atomic
def person_update(*, actor: User, school: School, user: User, **fields) -> User:
    """The administration or HR corrects a name or e-mail of a person of the school."""
    permissions.ensure_can_correct_person(actor, school, user)
    return _person_fields_update(actor, user, fields)


@transaction.atomic
def pupil_person_update(
    *, actor: User, student: Student, person: User, **fields
) -> User:
    """The class teacher keeps a pupil's or their parent's name current (B9)."""
    permissions.ensure_can_keep_pupil_person(
        actor, student, _current_class(student), person
    )
    return _person_fields_update(actor, person, fields)


# --- Staff --------------------------------------------------------------------


@transaction.atomic
def staff_hire(
    *,
    actor: User,
    school: School,
    position: str,
    hired_on: datetime.date,
    last_name: str = "",
    first_name: str = "",
    patronymic: str = "",
    user: User | None = None,
    hire_order: str = "",
    phone: str = "",
    email: str = "",
) -> StaffMember:
    """HR enters a hire: the person, the staff record and the role of the position."""
    permissions.ensure_can_manage_staff(actor, school)
    if user is None:
        user = _person_create(
            actor=actor,
            last_name=last_name,
            first_name=first_name,
            patronymic=patronymic,
            email=email,
        )
    staff = StaffMember(
        school=school,
        user=user,
        position=position,
        hired_on=hired_on,
        hire_order=hire_order,
        phone=phone,
    )
    save_with_history(staff, actor)
    role = POSITION_ROLE.get(position)
    if role is not None:
        role_ensure(actor, user, school, role)
    events.staff_hired(actor=actor, school=school, staff=staff)
    return staff


@transaction.atomic
def staff_dismiss(
    *,
    actor: User,
    staff: StaffMember,
    dismissed_on: datetime.date,
    dismissal_order: str = "",
) -> StaffMember:
    """A dismissal ends access at once; what the person wrote keeps their name."""
    school = staff.school
    permissions.ensure_can_manage_staff(actor, school)
    if staff.dismissed_on is not None:
        raise ValidationError(ALREADY_DISMISSED)
    staff.dismissed_on = dismissed_on
    staff.dismissal_order = dismissal_order
    save_with_history(staff, actor, ["dismissed_on", "dismissal_order"])
    still_employed = StaffMember.objects.filter(
        school=school, user=staff.user, dismissed_on__isnull=True
    ).exists()
    if not still_employed:
        for membership in Membership.objects.filter(
            user=staff.user, school=school, is_active=True
        ).exclude(role__in=[Role.PARENT, Role.STUDENT]):
            membership.is_active = False
            membership.ended_at = timezone.now()
            attribute(membership, actor)
            membership.save(update_fields=["is_active", "ended_at"])
        open_loads = TeachingAssignment.objects.for_school(school).filter(
            teacher=staff.user, ends_on__isnull=True
        )
        for assignment in open_loads:
            assignment.ends_on = dismissed_on
            save_with_history(assignment, actor, ["ends_on"])
        for school_class in SchoolClass.objects.filter(
            school=school, class_teacher=staff.user
        ):
            school_class.class_teacher = None
            save_with_history(school_class, actor, ["class_teacher"])
    events.staff_dismissed(actor=actor, school=school, staff=staff)
    return staff


# --- Pupils and movement ------------------------------------------------------


@transaction.atomic
def student_admit(
    *,
    actor: User,
    school_class: SchoolClass,
    starts_on: datetime.date,
    order: str,
    order_date: datetime.date,
    record_number: str,
    last_name: str = "",
    first_name: str = "",
    patronymic: str = "",
    birth_date: datetime.date | None = None,
    gender: str = "",
    user: User | None = None,
    kind: str = MovementKind.ADMITTED,
) -> Student:
    """Admission by order: the pupil, the class, the whole-class group, the diary."""
    school = school_class.school
    permissions.ensure_can_manage_structure(actor, school)
    if user is None:
        user = _person_create(
            actor=actor,
            last_name=last_name,
            first_name=first_name,
            patronymic=patronymic,
        )
    student = Student.objects.filter(school=school, user=user).first()
    if student is None:
        student = Student(
            school=school,
            user=user,
            birth_date=birth_date,
            gender=gender,
            record_number=record_number.strip(),
        )
        save_with_history(student, actor)
    current = Enrollment.objects.filter(student=student, ends_on__isnull=True).first()
    if current is not None:
        raise ValidationError(
            ALREADY_ENROLLED,
            params={"pupil": student, "class": current.school_class.name},
        )
    _enroll(actor, student, school_class, starts_on, kind, order, order_date)
    role_ensure(actor, user, school, Role.STUDENT)
    events.student_admitted(
        actor=actor,
        school=school,
        student=student,
        school_class=school_class,
        order=order,
    )
    return student


def _enroll(actor, student, school_class, starts_on, kind, order, order_date):
    enrollment = Enrollment(
        school=school_class.school,
        student=student,
        school_class=school_class,
        starts_on=starts_on,
        start_kind=kind,
        start_order=order,
        start_order_date=order_date,
    )
    save_with_history(enrollment, actor)
    membership = GroupMembership(
        school=school_class.school,
        group=whole_class_group(school_class),
        student=student,
        starts_on=starts_on,
    )
    save_with_history(membership, actor)
    return enrollment


def _close_enrollment(actor, student, last_day, kind, order, order_date) -> Enrollment:
    current = (
        Enrollment.objects.filter(student=student, ends_on__isnull=True)
        .select_related("school_class")
        .first()
    )
    if current is None:
        raise ValidationError(NOT_ENROLLED, params={"pupil": student})
    if last_day < current.starts_on:
        raise ValidationError(MOVE_BEFORE_START)
    current.ends_on = last_day
    current.end_kind = kind
    current.end_order = order
    current.end_order_date = order_date
    save_with_history(
        current, actor, ["ends_on", "end_kind", "end_order", "end_order_date"]
    )
    return current


def _end_group_memberships(actor, student, last_day, *, school_class=None) -> None:
    """Close open group memberships; with a class, only that class's groups."""
    open_rows = GroupMembership.objects.filter(student=student).filter(
        ends_on__isnull=True
    )
    if school_class is not None:
        open_rows = open_rows.filter(group__school_class=school_class)
    for membership in open_rows:
        membership.ends_on = max(last_day, membership.starts_on)
        save_with_history(membership, actor, ["ends_on"])


@transaction.atomic
def student_transfer(
    *,
    actor: User,
    student: Student,
    to_class: SchoolClass,
    on: datetime.date,
    order: str,
    order_date: datetime.date,
) -> Enrollment:
    """Transfer between classes: past marks stay with the old class's journal."""
    school = student.school
    permissions.ensure_can_manage_structure(actor, school)
    ensure_same_school(school, to_class)
    current = Enrollment.objects.filter(student=student, ends_on__isnull=True).first()
    if current is not None and current.school_class_id == to_class.pk:
        raise ValidationError(SAME_CLASS, params={"class": to_class.name})
    if current is not None and current.school_class.year_id != to_class.year_id:
        raise ValidationError(CLASS_OF_ANOTHER_YEAR)
    last_day = on - datetime.timedelta(days=1)
    old = _close_enrollment(
        actor, student, last_day, MovementKind.TRANSFERRED, order, order_date
    )
    _end_group_memberships(actor, student, last_day, school_class=old.school_class)
    enrollment = _enroll(
        actor, student, to_class, on, MovementKind.TRANSFERRED, order, order_date
    )
    events.student_transferred(
        actor=actor,
        school=school,
        student=student,
        from_class_id=old.school_class_id,
        to_class=to_class,
        order=order,
    )
    return enrollment


@transaction.atomic
def student_leave(
    *,
    actor: User,
    student: Student,
    last_day: datetime.date,
    order: str,
    order_date: datetime.date,
    kind: str = MovementKind.LEFT,
) -> Enrollment:
    """Leaving (or graduation) by order: groups closed, the pupil's login ended."""
    school = student.school
    permissions.ensure_can_manage_structure(actor, school)
    enrollment = _close_enrollment(actor, student, last_day, kind, order, order_date)
    _end_group_memberships(actor, student, last_day)
    role_end(actor, student.user, school, Role.STUDENT)
    events.student_left(
        actor=actor, school=school, student=student, order=order, kind=kind
    )
    return enrollment


# --- Parents ------------------------------------------------------------------


def _current_class(student: Student) -> SchoolClass | None:
    enrollment = (
        Enrollment.objects.filter(student=student, ends_on__isnull=True)
        .select_related("school_class__school")
        .first()
    )
    return enrollment.school_class if enrollment else None


def _ensure_can_keep(actor: User, student: Student) -> None:
    permissions.ensure_can_keep_pupil(actor, student, _current_class(student))


@transaction.atomic
def guardian_link(
    *,
    actor: User,
    student: Student,
    relation: str,
    last_name: str = "",
    first_name: str = "",
    patronymic: str = "",
    user: User | None = None,
    phone: str = "",
    email: str = "",
) -> GuardianRelation:
    """Record a parent of a pupil; the parent's diary access follows the relation."""
    _ensure_can_keep(actor, student)
    school = student.school
    if user is None:
        user = _person_create(
            actor=actor,
            last_name=last_name,
            first_name=first_name,
            patronymic=patronymic,
            email=email,
        )
    guardian = Guardian.objects.filter(school=school, user=user).first()
    if guardian is None:
        guardian = Guardian(school=school, user=user, phone=phone, email=email)
        save_with_history(guardian, actor)
    link = GuardianRelation.objects.filter(guardian=guardian, student=student).first()
    if link is None:
        link = GuardianRelation(
            school=school, guardian=guardian, student=student, relation=relation
        )
        save_with_history(link, actor)
    elif link.relation != relation:
        link.relation = relation
        save_with_history(link, actor, ["relation"])
    role_ensure(actor, user, school, Role.PARENT)
    return link


@transaction.atomic
def guardian_unlink(*, actor: User, link: GuardianRelation) -> None:
    """Remove a parent from a pupil; with no child left here, the parent role ends."""
    _ensure_can_keep(actor, link.student)
    guardian = link.guardian
    attribute(link, actor)
    link.delete()
    if not GuardianRelation.objects.filter(guardian=guardian).exists():
        role_end(actor, guardian.user, guardian.school, Role.PARENT)
