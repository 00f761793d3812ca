"""Who may write to whom, publish to whom, and see what (D5, A4).

Rules follow the roles a person holds in the school (all active ones, since one
person may be a teacher and a parent there):

- the administration (director, deputy) writes to anyone of the school;
- every staff member writes to colleagues;
- a teacher writes to pupils of the groups taught on the day, and their parents;
- a class teacher writes to the pupils of the class, and their parents;
- a parent writes to the child's teachers, class teacher and the administration;
- a pupil writes to their own teachers, class teacher and the administration.

Nobody writes across schools, and parents never write to other parents or pupils.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from diary.models import Audience, Conversation, ConversationParticipant, Poll, Scope
from school.models import (
    Enrollment,
    GroupKind,
    GroupMembership,
    Guardian,
    Membership,
    Role,
    School,
    SchoolClass,
    Student,
    StudyGroup,
    TeachingAssignment,
    User,
)
from school.models.accounts import ADMINISTRATION_ROLES, STAFF_ROLES

TEACHING_ROLES = frozenset({Role.TEACHER, Role.CLASS_TEACHER, Role.TUTOR})
FAMILY_ROLES = frozenset({Role.PARENT, Role.STUDENT})
MAX_RECIPIENTS = 30


def school_roles(user: User, school: School | None) -> frozenset[str]:
    """The user's active roles in exactly this school."""
    if school is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    return frozenset(
        Membership.objects.filter(user=user, school=school, is_active=True)
        .order_by()
        .values_list("role", flat=True)
        .distinct()
    )


def _members(school: School, roles) -> QuerySet:
    return Membership.objects.filter(
        school=school, is_active=True, role__in=roles
    ).values("user")


def classes_of(students: QuerySet, day: datetime.date) -> Q:
    """SchoolClass rows the pupils belong to on the day (enrolment or class group)."""
    return Q(
        pk__in=Enrollment.objects.on(day)
        .filter(student__in=students)
        .values("school_class")
    ) | Q(
        pk__in=GroupMembership.objects.on(day)
        .filter(student__in=students, group__kind=GroupKind.CLASS)
        .values("group__school_class")
    )


def pupils_of_classes(classes: QuerySet, day: datetime.date) -> Q:
    """Student rows of the classes on the day, by enrolment or class group."""
    return Q(
        pk__in=Enrollment.objects.on(day)
        .filter(school_class__in=classes)
        .values("student")
    ) | Q(
        pk__in=GroupMembership.objects.on(day)
        .filter(group__kind=GroupKind.CLASS, group__school_class__in=classes)
        .values("student")
    )


def _family_of(students: QuerySet, school: School) -> Q:
    """The pupils themselves and their parents, each holding that role here."""
    pupils = Q(
        pk__in=Student.objects.filter(pk__in=students).values("user"),
    ) & Q(pk__in=_members(school, [Role.STUDENT]))
    guardians = Guardian.objects.for_school(school).filter(
        relations__student__in=students
    )
    parents = Q(pk__in=guardians.values("user")) & Q(
        pk__in=_members(school, [Role.PARENT])
    )
    return pupils | parents


def _teachers_of(students: QuerySet, school: School, day: datetime.date) -> Q:
    """Teachers of the pupils' groups on the day, and their class teachers."""
    groups = GroupMembership.objects.on(day).filter(student__in=students)
    teaching = (
        TeachingAssignment.objects.for_school(school)
        .on(day)
        .filter(group__in=groups.values("group"))
        .values("teacher")
    )
    class_teachers = (
        SchoolClass.objects.for_school(school)
        .filter(classes_of(students, day))
        .values("class_teacher")
    )
    return (Q(pk__in=teaching) & Q(pk__in=_members(school, TEACHING_ROLES))) | (
        Q(pk__in=class_teachers) & Q(pk__in=_members(school, [Role.CLASS_TEACHER]))
    )


def recipient_queryset(user: User, school: School, day: datetime.date) -> QuerySet:
    """Everyone the user may start a conversation with in the school on the day."""
    roles = school_roles(user, school)
    wanted = Q(pk__in=[])
    if roles & ADMINISTRATION_ROLES:
        wanted |= Q(pk__in=_members(school, [r.value for r in Role]))
    if roles & STAFF_ROLES:
        wanted |= Q(pk__in=_members(school, STAFF_ROLES))
    if roles & TEACHING_ROLES:
        groups = TeachingAssignment.objects.for_school(school).on(day)
        groups = groups.filter(teacher=user).values("group")
        pupils = GroupMembership.objects.on(day).filter(group__in=groups)
        wanted |= _family_of(pupils.values("student"), school)
    if Role.CLASS_TEACHER in roles:
        classes = SchoolClass.objects.for_school(school).filter(class_teacher=user)
        pupils = Student.objects.for_school(school).filter(
            pupils_of_classes(classes.values("pk"), day)
        )
        wanted |= _family_of(pupils.values("pk"), school)
    family = Q(pk__in=[])
    if Role.PARENT in roles:
        family |= Q(guardian_relations__guardian__user=user)
    if Role.STUDENT in roles:
        family |= Q(user=user)
    if roles & FAMILY_ROLES:
        children = Student.objects.for_school(school).filter(family).values("pk")
        wanted |= _teachers_of(children, school, day)
        wanted |= Q(pk__in=_members(school, ADMINISTRATION_ROLES))
    if not roles:
        return User.objects.none()
    return (
        User.objects.filter(wanted, is_active=True)
        .exclude(pk=user.pk)
        .order_by("last_name", "first_name", "patronymic", "pk")
    )


def ensure_can_start_conversation(
    user: User, school: School, recipients: list[User], day: datetime.date
) -> None:
    ids = {r.pk for r in recipients}
    if not ids or len(ids) > MAX_RECIPIENTS:
        raise PermissionDenied
    allowed = recipient_queryset(user, school, day).filter(pk__in=ids).count()
    if allowed != len(ids):
        raise PermissionDenied


def can_read_conversation(user: User, conversation: Conversation) -> bool:
    """Its participants, while they are members of its school."""
    return (
        bool(school_roles(user, conversation.school))
        and ConversationParticipant.objects.filter(
            conversation=conversation, user=user
        ).exists()
    )


def ensure_can_post_message(user: User, conversation: Conversation) -> None:
    """Any participant answers in a conversation they are in."""
    if not can_read_conversation(user, conversation):
        raise PermissionDenied


# --- Announcements and polls -------------------------------------------------------


def class_targets(user: User, school: School, roles=None) -> QuerySet:
    """Classes the user may publish to: all for the administration, else their own."""
    roles = school_roles(user, school) if roles is None else roles
    classes = SchoolClass.objects.for_school(school).filter(year__is_current=True)
    if roles & ADMINISTRATION_ROLES:
        return classes
    if Role.CLASS_TEACHER in roles:
        return classes.filter(class_teacher=user)
    return classes.none()


def group_targets(
    user: User, school: School, day: datetime.date, roles=None
) -> QuerySet:
    """Groups the user may publish to: all for the administration, else taught ones."""
    roles = school_roles(user, school) if roles is None else roles
    groups = StudyGroup.objects.for_school(school).filter(year__is_current=True)
    if roles & ADMINISTRATION_ROLES:
        return groups
    if roles & TEACHING_ROLES:
        taught = TeachingAssignment.objects.for_school(school).on(day)
        return groups.filter(pk__in=taught.filter(teacher=user).values("group"))
    return groups.none()


def can_publish(user: User, school: School) -> bool:
    """Administration, class teachers and teachers publish; families read."""
    return bool(school_roles(user, school) & (ADMINISTRATION_ROLES | TEACHING_ROLES))


def can_publish_to(
    user: User,
    school: School,
    scope: str,
    target: SchoolClass | StudyGroup | None,
    day: datetime.date,
) -> bool:
    """The whole school is the administration's; a class or group as above."""
    roles = school_roles(user, school)
    if scope == Scope.SCHOOL:
        return target is None and bool(roles & ADMINISTRATION_ROLES)
    if target is None:
        return False
    if scope == Scope.CLASS and isinstance(target, SchoolClass):
        return class_targets(user, school, roles).filter(pk=target.pk).exists()
    if scope == Scope.GROUP and isinstance(target, StudyGroup):
        return group_targets(user, school, day, roles).filter(pk=target.pk).exists()
    return False


def ensure_can_publish_to(user, school, scope, target, day) -> None:
    if not can_publish_to(user, school, scope, target, day):
        raise PermissionDenied


def can_manage_addressed(user: User, item) -> bool:
    """The author (still working here) or the administration withdraws and closes."""
    roles = school_roles(user, item.school)
    if roles & ADMINISTRATION_ROLES:
        return True
    return item.author_id == user.pk and bool(roles & TEACHING_ROLES)


def ensure_can_manage_addressed(user: User, item) -> None:
    if not can_manage_addressed(user, item):
        raise PermissionDenied


def can_see_poll_results(user: User, poll: Poll) -> bool:
    """Results are for the poll's author and the administration only."""
    return poll.author_id == user.pk or bool(
        school_roles(user, poll.school) & ADMINISTRATION_ROLES
    )


# --- Readers ------------------------------------------------------------------------


def family_students(user: User, school: School, roles) -> dict[str, QuerySet]:
    """Pupil rows the user reads for: their children as a parent, self as a pupil."""
    found = {}
    pupils = Student.objects.for_school(school)
    if Role.PARENT in roles:
        children = pupils.filter(guardian_relations__guardian__user=user)
        found[Role.PARENT] = children.values("pk")
    if Role.STUDENT in roles:
        found[Role.STUDENT] = pupils.filter(user=user).values("pk")
    return found


def targets_q(students: QuerySet, day: datetime.date) -> Q:
    """Items addressed to the school, to the pupils' classes or to their groups."""
    classes = SchoolClass.objects.filter(classes_of(students, day)).values("pk")
    groups = GroupMembership.objects.on(day).filter(student__in=students)
    return (
        Q(scope=Scope.SCHOOL)
        | Q(scope=Scope.CLASS, school_class__in=classes)
        | Q(scope=Scope.GROUP, group__in=groups.values("group"))
    )


AUDIENCES_OF = {
    Role.PARENT: (Audience.PARENTS, Audience.BOTH),
    Role.STUDENT: (Audience.STUDENTS, Audience.BOTH),
}


def addressed_q(user: User, school: School, roles, day: datetime.date) -> Q | None:
    """Announcements or polls addressed to the user as a parent or pupil; None if
    the user reads nothing here."""
    wanted = None
    for role, students in family_students(user, school, roles).items():
        branch = Q(audience__in=AUDIENCES_OF[role]) & targets_q(students, day)
        wanted = branch if wanted is None else wanted | branch
    if wanted is None:
        return None
    return Q(school=school) & wanted


def is_addressed_to(user: User, item, day: datetime.date) -> bool:
    """Is the announcement or poll addressed to the user on the day."""
    wanted = addressed_q(user, item.school, school_roles(user, item.school), day)
    if wanted is None:
        return False
    return type(item).objects.filter(wanted, pk=item.pk).exists()


def can_vote(user: User, poll: Poll, day: datetime.date) -> bool:
    """An addressee of an open poll answers once and may change the answer."""
    return poll.is_open(day) and is_addressed_to(user, poll, day)
