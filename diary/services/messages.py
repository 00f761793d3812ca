"""Writes for conversations, announcements and polls (D5); each checks first."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from diary.models import (
    Announcement,
    Conversation,
    ConversationParticipant,
    Message,
    Poll,
    PollOption,
    PollVote,
    ReaderState,
)
from diary.permissions import messages as perms
from school import history
from school.errors import ApplicationError
from school.models import School, SchoolClass, StudyGroup, User
from school.services.common import ensure_same_school

EMPTY_TEXT = _("Write the text of the message.")
EMPTY_TOPIC = _("Write the topic of the conversation.")
TOO_FEW_OPTIONS = _("A poll needs at least two different answers.")
TOO_MANY_OPTIONS = _("A poll may have at most ten answers.")
POLL_CLOSED = _("The poll is closed; the answer can no longer be changed.")
ALREADY_WITHDRAWN = _("The announcement is already withdrawn.")
ALREADY_CLOSED = _("The poll is already closed.")
CLOSES_IN_PAST = _("The last day must not be in the past.")
WRONG_OPTION = _("Choose one of the poll's answers.")
MAX_OPTIONS = 10


def _text(value: str, message) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(message)
    return value


def _save(obj, actor: User) -> None:
    obj.full_clean()
    history.attribute(obj, actor)
    obj.save()


# --- Conversations -------------------------------------------------------------------


@transaction.atomic
def conversation_start(
    *,
    actor: User,
    school: School,
    recipients: list[User],
    topic: str,
    text: str,
    today: datetime.date | None = None,
) -> Conversation:
    """Open a conversation with people the actor may write to, with a first message."""
    today = today or school.local_today()
    perms.ensure_can_start_conversation(actor, school, recipients, today)
    topic, text = _text(topic, EMPTY_TOPIC), _text(text, EMPTY_TEXT)
    now = timezone.now()
    conversation = Conversation(
        school=school, topic=topic, started_by=actor, created_at=now
    )
    conversation.last_message_at = now
    _save(conversation, actor)
    ConversationParticipant.objects.bulk_create(
        [
            ConversationParticipant(
                school=school,
                conversation=conversation,
                user=person,
                last_read_at=now if person.pk == actor.pk else None,
            )
            for person in [actor, *{r.pk: r for r in recipients}.values()]
        ]
    )
    message = Message(school=school, conversation=conversation, author=actor, text=text)
    message.created_at = now
    _save(message, actor)
    return conversation


@transaction.atomic
def message_post(*, actor: User, conversation: Conversation, text: str) -> Message:
    """Add a message; it is read by its author and unread for everyone else."""
    perms.ensure_can_post_message(actor, conversation)
    message = Message(
        school=conversation.school,
        conversation=conversation,
        author=actor,
        text=_text(text, EMPTY_TEXT),
    )
    _save(message, actor)
    Conversation.objects.filter(pk=conversation.pk).filter(
        last_message_at__lt=message.created_at
    ).update(last_message_at=message.created_at)
    conversation.last_message_at = max(conversation.last_message_at, message.created_at)
    ConversationParticipant.objects.filter(
        conversation=conversation, user=actor
    ).update(last_read_at=message.created_at)
    return message


@transaction.atomic
def conversation_mark_read(
    *, actor: User, conversation: Conversation, up_to: datetime.datetime
) -> None:
    """Remember that the participant has read the conversation up to a moment."""
    if not perms.can_read_conversation(actor, conversation):
        raise PermissionDenied
    ConversationParticipant.objects.filter(
        conversation=conversation, user=actor
    ).filter(Q(last_read_at__isnull=True) | Q(last_read_at__lt=up_to)).update(
        last_read_at=up_to
    )


@transaction.atomic
def board_mark_seen(*, actor: User, school: School, what: str) -> None:
    """The reader has seen the school's announcements ("announcements") or the
    teachers' comments ("comments") up to now; the badge stops counting them."""
    if not perms.school_roles(actor, school):
        raise PermissionDenied
    name = {"announcements": "announcements_seen_at", "comments": "comments_seen_at"}
    ReaderState.objects.update_or_create(
        user=actor, school=school, defaults={name[what]: timezone.now()}
    )


# --- Announcements ------------------------------------------------------------------


def _target(scope, target):
    return {
        "school_class": target if isinstance(target, SchoolClass) else None,
        "group": target if isinstance(target, StudyGroup) else None,
        "scope": scope,
    }


@transaction.atomic
def announcement_publish(
    *,
    actor: User,
    school: School,
    scope: str,
    target: SchoolClass | StudyGroup | None,
    audience: str,
    title: str,
    text: str,
    expires_on: datetime.date | None = None,
) -> Announcement:
    """Publish to the school (administration) or a class or group the actor may."""
    today = school.local_today()
    perms.ensure_can_publish_to(actor, school, scope, target, today)
    ensure_same_school(school, target)
    if expires_on is not None and expires_on < today:
        raise ValidationError({"expires_on": CLOSES_IN_PAST})
    announcement = Announcement(
        school=school,
        author=actor,
        audience=audience,
        title=_text(title, EMPTY_TEXT),
        text=_text(text, EMPTY_TEXT),
        expires_on=expires_on,
        **_target(scope, target),
    )
    _save(announcement, actor)
    return announcement


@transaction.atomic
def announcement_withdraw(*, actor: User, announcement: Announcement) -> None:
    """Take an announcement off the board; it stays in the history."""
    perms.ensure_can_manage_addressed(actor, announcement)
    if announcement.withdrawn_at is not None:
        raise ApplicationError(ALREADY_WITHDRAWN)
    announcement.withdrawn_at = timezone.now()
    announcement.full_clean()
    history.attribute(announcement, actor)
    announcement.save(update_fields=["withdrawn_at"])


# --- Polls ---------------------------------------------------------------------------


def _options(options: list[str]) -> list[str]:
    cleaned = []
    for option in options:
        option = option.strip()
        if option and option not in cleaned:
            cleaned.append(option)
    if len(cleaned) < 2:
        raise ValidationError({"options": TOO_FEW_OPTIONS})
    if len(cleaned) > MAX_OPTIONS:
        raise ValidationError({"options": TOO_MANY_OPTIONS})
    return cleaned


@transaction.atomic
def poll_create(
    *,
    actor: User,
    school: School,
    scope: str,
    target: SchoolClass | StudyGroup | None,
    audience: str,
    question: str,
    options: list[str],
    closes_on: datetime.date | None = None,
) -> Poll:
    """Ask a question with 2–10 answers of the same audience as announcements."""
    today = school.local_today()
    perms.ensure_can_publish_to(actor, school, scope, target, today)
    ensure_same_school(school, target)
    answers = _options(options)
    if closes_on is not None and closes_on < today:
        raise ValidationError({"closes_on": CLOSES_IN_PAST})
    poll = Poll(
        school=school,
        author=actor,
        audience=audience,
        question=_text(question, EMPTY_TEXT),
        closes_on=closes_on,
        **_target(scope, target),
    )
    _save(poll, actor)
    PollOption.objects.bulk_create(
        PollOption(poll=poll, text=text, position=number)
        for number, text in enumerate(answers, start=1)
    )
    return poll


@transaction.atomic
def poll_vote(*, actor: User, poll: Poll, option: PollOption) -> PollVote:
    """One answer per person; answering again replaces it while the poll is open."""
    today = poll.school.local_today()
    if not perms.is_addressed_to(actor, poll, today):
        raise PermissionDenied
    if not poll.is_open(today):
        raise ApplicationError(POLL_CLOSED)
    if option.poll_id != poll.pk:
        raise ValidationError(WRONG_OPTION)
    vote, _created = PollVote.objects.update_or_create(
        poll=poll,
        user=actor,
        defaults={"option": option, "school": poll.school, "voted_at": timezone.now()},
    )
    return vote


@transaction.atomic
def poll_close(*, actor: User, poll: Poll) -> None:
    """Stop answers; the results stay for the author and the administration."""
    perms.ensure_can_manage_addressed(actor, poll)
    if poll.closed_at is not None:
        raise ApplicationError(ALREADY_CLOSED)
    poll.closed_at = timezone.now()
    poll.full_clean()
    history.attribute(poll, actor)
    poll.save(update_fields=["closed_at"])
