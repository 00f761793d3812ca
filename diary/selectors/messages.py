"""Reads for conversations, announcements and polls, filtered by who may see (A4)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from diary.models import (
    Announcement,
    Audience,
    Conversation,
    ConversationParticipant,
    Message,
    Poll,
    PollOption,
    PollVote,
    ReaderState,
)
from diary.permissions import messages as perms
from journal.models import ParentComment
from school.models import (
    GuardianRelation,
    Membership,
    Role,
    School,
    Student,
    TeachingAssignment,
    User,
)
from school.models.accounts import ADMINISTRATION_ROLES

EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
RECIPIENTS_SHOWN = 100
COMMENTS_SHOWN = 30


class SubqueryCount(Subquery):
    """COUNT(*) of a queryset as a scalar subquery, so several counts make one query."""

    template = "(SELECT count(*) FROM (%(subquery)s) _count)"
    output_field = IntegerField()


# --- Conversations -----------------------------------------------------------------


def conversation_list_for_user(user: User, school: School) -> QuerySet[Conversation]:
    """The user's conversations in the school, newest first, each with `unread`."""
    mine = ConversationParticipant.objects.filter(
        conversation=OuterRef("pk"), user=user
    )
    return (
        Conversation.objects.for_school(school)
        .select_related("school")
        .filter(Exists(mine))
        .annotate(my_last_read=Subquery(mine.values("last_read_at")[:1]))
        .annotate(
            unread=Q(my_last_read__isnull=True)
            | Q(last_message_at__gt=F("my_last_read"))
        )
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=ConversationParticipant.objects.select_related("user"),
            )
        )
    )


def conversation_get_for_user(user: User, school: School, pk: int) -> Conversation:
    """One conversation of the user's in the school; None if missing or not theirs."""
    if not perms.school_roles(user, school):
        return None
    return conversation_list_for_user(user, school).filter(pk=pk).first()


def message_list(conversation: Conversation) -> QuerySet[Message]:
    return conversation.messages.select_related("author")


@dataclass
class Recipient:
    user: User
    roles: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def recipient_choices(
    user: User,
    school: School,
    day: datetime.date,
    search: str = "",
    include: tuple[int, ...] = (),
) -> list[Recipient]:
    """People the user may write to (matching the search, plus `include` ids),
    with their roles, subjects and children; at most RECIPIENTS_SHOWN."""
    people = perms.recipient_queryset(user, school, day)
    search = search.strip()
    if search:
        people = people.filter(
            Q(last_name__icontains=search)
            | Q(first_name__icontains=search)
            | Q(pk__in=include)
        )
    if include:
        first = Case(When(pk__in=include, then=Value(0)), default=Value(1))
        people = people.order_by(first, "last_name", "first_name", "pk")
    found = {u.pk: Recipient(u) for u in people[:RECIPIENTS_SHOWN]}
    labels = dict(Role.choices)
    roles = Membership.objects.filter(
        school=school, is_active=True, user__in=found
    ).order_by("role")
    for user_id, role in roles.values_list("user", "role"):
        found[user_id].roles.append(str(labels[role]))
    subjects = (
        TeachingAssignment.objects.for_school(school)
        .on(day)
        .filter(teacher__in=found)
        .values_list("teacher", "subject__name")
        .distinct()
        .order_by("subject__name")
    )
    for teacher_id, name in subjects:
        found[teacher_id].notes.append(name)
    children = (
        GuardianRelation.objects.for_school(school)
        .filter(guardian__user__in=found)
        .values_list("guardian__user", "student__user__last_name")
        .order_by("student__user__last_name")
    )
    for parent_id, last_name in children:
        found[parent_id].notes.append(last_name)
    return list(found.values())


def parent_comment_list_for_parent(user: User, school: School) -> list[ParentComment]:
    """Teachers' journal comments about the user's own children (C13), newest first."""
    children = perms.family_students(user, school, perms.school_roles(user, school))
    if Role.PARENT not in children:
        return []
    return list(
        ParentComment.objects.for_school(school)
        .filter(student__in=children[Role.PARENT])
        .select_related("student__user", "subject", "author")[:COMMENTS_SHOWN]
    )


# --- Announcements and polls --------------------------------------------------------


def _visible(model, user: User, school: School, today: datetime.date, roles=None):
    """Items addressed to the user, written by the user, or all for administration."""
    roles = perms.school_roles(user, school) if roles is None else roles
    items = model.objects.for_school(school).select_related(
        "author", "school_class", "group", "school"
    )
    if roles & ADMINISTRATION_ROLES:
        return items
    wanted = Q(author=user)
    addressed = perms.addressed_q(user, school, roles, today)
    if addressed is not None:
        if model is Announcement:
            addressed &= _current_announcements(today)
        wanted |= addressed
    return items.filter(wanted)


def _current_announcements(today: datetime.date) -> Q:
    return Q(withdrawn_at__isnull=True) & (
        Q(expires_on__isnull=True) | Q(expires_on__gte=today)
    )


def _open_polls(today: datetime.date) -> Q:
    return Q(closed_at__isnull=True) & (
        Q(closes_on__isnull=True) | Q(closes_on__gte=today)
    )


def announcement_list_for_user(
    user: User, school: School, today: datetime.date
) -> QuerySet[Announcement]:
    """Addressed current ones, the user's own, and the school's for administration."""
    return _visible(Announcement, user, school, today)


def announcement_get_for_user(user, school, pk: int, today) -> Announcement | None:
    return announcement_list_for_user(user, school, today).filter(pk=pk).first()


def announcement_list_for_student(
    student: Student, today: datetime.date, audience: str | None = None
) -> list[Announcement]:
    """Current announcements the pupil's family reads (or only parents' or pupils'
    when `audience` is Audience.PARENTS or STUDENTS), newest first, in one query."""
    pupil = Student.objects.filter(pk=student.pk).values("pk")
    items = Announcement.objects.for_school(student.school_id).filter(
        perms.targets_q(pupil, today), _current_announcements(today)
    )
    if audience is not None:
        items = items.filter(audience__in=(audience, Audience.BOTH))
    return list(items.select_related("author", "school_class", "group"))


def poll_list_for_user(user: User, school: School, today) -> QuerySet[Poll]:
    """Polls the user answers, wrote, or (administration) all of the school's,
    each with `my_option` (the user's answer id) and `votes_count`."""
    mine = PollVote.objects.filter(poll=OuterRef("pk"), user=user)
    return _visible(Poll, user, school, today).annotate(
        my_option=Subquery(mine.values("option")[:1]),
        votes_count=Count("votes", distinct=True),
    )


def poll_get_for_user(user, school, pk: int, today) -> Poll | None:
    return poll_list_for_user(user, school, today).filter(pk=pk).first()


def poll_results(poll: Poll) -> list[PollOption]:
    """Options with `votes_total`; call only for those perms.can_see_poll_results."""
    return list(poll.options.annotate(votes_total=Count("votes")))


# --- The header badge ----------------------------------------------------------------


@dataclass(frozen=True)
class Badge:
    conversations: int = 0
    announcements: int = 0
    polls: int = 0
    comments: int = 0

    @property
    def total(self) -> int:
        return self.conversations + self.announcements + self.polls + self.comments


def reader_seen_at(user: User, school: School, name: str) -> datetime.datetime:
    """When the user last looked at the board ("announcements_seen_at") or the
    teachers' comments ("comments_seen_at"); long ago if never."""
    state = ReaderState.objects.filter(user=user, school=school)
    return state.values_list(name, flat=True).first() or EPOCH


def _seen(user: User, school: School, name: str):
    state = ReaderState.objects.filter(user=user, school=school)
    return Coalesce(Subquery(state.values(name)[:1]), Value(EPOCH))


def badge_counts(user: User, school: School, roles, today: datetime.date) -> Badge:
    """Unread conversations, new announcements and comments, unanswered open polls:
    one query whatever the numbers."""
    unread = ConversationParticipant.objects.filter(user=user, school=school).filter(
        Q(last_read_at__isnull=True)
        | Q(conversation__last_message_at__gt=F("last_read_at"))
    )
    counts = {"conversations": SubqueryCount(unread.values("pk"))}
    addressed = perms.addressed_q(user, school, roles, today)
    if addressed is not None:
        fresh = Announcement.objects.filter(
            addressed,
            _current_announcements(today),
            created_at__gt=_seen(user, school, "announcements_seen_at"),
        ).exclude(author=user)
        counts["announcements"] = SubqueryCount(fresh.values("pk"))
        voted = PollVote.objects.filter(poll=OuterRef("pk"), user=user)
        polls = Poll.objects.filter(addressed, _open_polls(today), ~Exists(voted))
        counts["polls"] = SubqueryCount(polls.exclude(author=user).values("pk"))
    children = perms.family_students(user, school, roles).get(Role.PARENT)
    if children is not None:
        comments = ParentComment.objects.for_school(school).filter(
            student__in=children,
            created_at__gt=_seen(user, school, "comments_seen_at"),
        )
        counts["comments"] = SubqueryCount(comments.values("pk"))
    row = School.objects.filter(pk=school.pk).annotate(**counts).values(*counts)
    return Badge(**(row.first() or {}))
