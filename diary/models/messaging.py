"""Conversations, announcements and polls (D5, C13)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from school.models import School, SchoolClass, SchoolScopedQuerySet, StudyGroup, User

__all__ = [
    "Announcement",
    "Audience",
    "Conversation",
    "ConversationParticipant",
    "Message",
    "Poll",
    "PollOption",
    "PollVote",
    "ReaderState",
    "Scope",
]

TARGET_MISMATCH = _("Choose exactly the class or the group the scope names.")
OTHER_SCHOOL_TARGET = _("The class or group must belong to the same school.")


class Conversation(models.Model):
    """A private exchange between named participants of one school (D5)."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    topic = models.CharField(_("topic"), max_length=200)
    started_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("started by")
    )
    created_at = models.DateTimeField(_("started at"), default=timezone.now)
    # Copied from the newest message: the unread badge compares it with last_read_at.
    last_message_at = models.DateTimeField(_("last message at"), default=timezone.now)

    objects = SchoolScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-last_message_at", "-id"]

    def __str__(self) -> str:
        return self.topic


class ConversationParticipant(models.Model):
    """A person in a conversation, and how far they have read it."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    last_read_at = models.DateTimeField(_("read up to"), null=True, blank=True)

    objects = SchoolScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("conversation participant")
        verbose_name_plural = _("conversation participants")
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "user"], name="participant_unique_user"
            )
        ]
        indexes = [models.Index(fields=["user", "school"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.conversation}"


class Message(models.Model):
    """One message of a conversation; written once, never edited."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    text = models.TextField(_("text"), max_length=5000)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)

    objects = SchoolScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["conversation", "created_at"])]

    def __str__(self) -> str:
        return self.text[:60]


class Scope(models.TextChoices):
    SCHOOL = "school", _("the whole school")
    CLASS = "class", _("a class")
    GROUP = "group", _("a study group")


class Audience(models.TextChoices):
    PARENTS = "parents", _("parents")
    STUDENTS = "students", _("pupils")
    BOTH = "both", _("parents and pupils")


class Addressed(models.Model):
    """Something published to the families of a school, a class or a group."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    scope = models.CharField(_("addressed to"), max_length=8, choices=Scope)
    school_class = models.ForeignKey(
        SchoolClass,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("class"),
    )
    group = models.ForeignKey(
        StudyGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("study group"),
    )
    audience = models.CharField(
        _("readers"), max_length=8, choices=Audience, default=Audience.BOTH
    )
    created_at = models.DateTimeField(_("published at"), default=timezone.now)

    objects = SchoolScopedQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        scope="school", school_class__isnull=True, group__isnull=True
                    )
                    | models.Q(
                        scope="class", school_class__isnull=False, group__isnull=True
                    )
                    | models.Q(
                        scope="group", school_class__isnull=True, group__isnull=False
                    )
                ),
                name="%(class)s_scope_target",
            )
        ]

    def clean(self) -> None:
        wanted = {
            Scope.SCHOOL: (False, False),
            Scope.CLASS: (True, False),
            Scope.GROUP: (False, True),
        }.get(self.scope)
        if wanted != (self.school_class_id is not None, self.group_id is not None):
            raise ValidationError(TARGET_MISMATCH)
        for target in (self.school_class, self.group):
            if target is not None and target.school_id != self.school_id:
                raise ValidationError(OTHER_SCHOOL_TARGET)

    @property
    def target_name(self) -> str:
        if self.scope == Scope.CLASS:
            return self.school_class.name
        if self.scope == Scope.GROUP:
            return self.group.name
        return str(Scope.SCHOOL.label)


class Announcement(Addressed):
    """A notice on the board of a school, class or group (D5)."""

    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), max_length=10000)
    expires_on = models.DateField(_("shown until"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta(Addressed.Meta):
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["school", "-created_at"])]

    def __str__(self) -> str:
        return self.title

    def is_current(self, today: datetime.date) -> bool:
        """Not withdrawn, and not past its last day."""
        return self.withdrawn_at is None and (
            self.expires_on is None or self.expires_on >= today
        )


class Poll(Addressed):
    """A question to the families with one answer each (002 §1.6)."""

    question = models.CharField(_("question"), max_length=300)
    closes_on = models.DateField(_("open until"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta(Addressed.Meta):
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["school", "-created_at"])]

    def __str__(self) -> str:
        return self.question

    def is_open(self, today: datetime.date) -> bool:
        """Not closed by hand, and not past its last day."""
        return self.closed_at is None and (
            self.closes_on is None or self.closes_on >= today
        )


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    text = models.CharField(_("answer"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("poll answer")
        verbose_name_plural = _("poll answers")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "position"], name="poll_option_unique_position"
            )
        ]

    def __str__(self) -> str:
        return self.text


class PollVote(models.Model):
    """One person's answer; changed in place while the poll is open."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    option = models.ForeignKey(
        PollOption, on_delete=models.CASCADE, related_name="votes"
    )
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    voted_at = models.DateTimeField(_("answered at"), default=timezone.now)

    objects = SchoolScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("poll vote")
        verbose_name_plural = _("poll votes")
        constraints = [
            models.UniqueConstraint(fields=["poll", "user"], name="poll_vote_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.option}"


class ReaderState(models.Model):
    """What a person has already seen of a school's board, for the «new» badge."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    announcements_seen_at = models.DateTimeField(null=True, blank=True)
    comments_seen_at = models.DateTimeField(null=True, blank=True)

    objects = SchoolScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("reader state")
        verbose_name_plural = _("reader states")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "school"], name="reader_state_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.school}"
