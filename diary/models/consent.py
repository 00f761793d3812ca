"""Access applications, consents and delivery of the diary (A5, D4).

The application (002 Appendix 1) records the access levels and the delivery form a
parent chose; the consent sheet (002 Appendix 2) records, one checkbox each, the
data categories and the actions the parent agreed to. Both are registered from the
signed paper by the class teacher or the administration.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from school.models import Guardian, Relation, School, Student, User
from school.models.querysets import SchoolScopedQuerySet

__all__ = [
    "CONSENT_ACTIONS",
    "CONSENT_CATEGORIES",
    "CONSENT_CATEGORY_GROUPS",
    "AccessApplication",
    "Consent",
    "DeliveryForm",
    "DeliveryStatus",
    "DigestDelivery",
    "SmsCursor",
    "SmsMessage",
]

# Section I of the consent sheet: the data categories, grouped as on the paper.
CONSENT_CATEGORY_GROUPS = [
    (
        _("1. Personal details"),
        [
            ("1.1", _("Age and sex")),
            ("1.2", _("Citizenship, registration and native language")),
            ("1.3", _("Contact information")),
            ("1.4", _("Arrival at and departure from the school")),
        ],
    ),
    (
        _("2. Parents (persons in their place)"),
        [
            ("2.1", _("Information about the parents")),
            ("2.2", _("Information about persons in place of the parents")),
        ],
    ),
    (
        _("3. Family"),
        [
            ("3.1", _("Family members")),
            (
                "3.2",
                _(
                    "Family category for material and other help and for reports "
                    "on the pupils' social status"
                ),
            ),
            (
                "3.3",
                _(
                    "Guardianship, custody, belonging to a group of socially "
                    "unprotected pupils"
                ),
            ),
            ("3.4", _("Kinds of help the school gives the pupil")),
            ("3.5", _("Belonging to a risk group, behavioural status")),
            ("3.6", _("Offences")),
        ],
    ),
    (
        _("4. Education"),
        [
            ("4.1", _("Form of education and specialisation (profile)")),
            ("4.2", _("Native and foreign languages studied")),
            ("4.3", _("Progress (marks)")),
            ("4.4", _("Out-of-class activities")),
            ("4.5", _("Taking the unified state exam (EGE)")),
            ("4.6", _("Final attestation of the school leaver")),
        ],
    ),
    (
        _("5. Additional data"),
        [
            (
                "5.1",
                _(
                    "Copies of documents kept in the pupil's personal file and other "
                    "additional information"
                ),
            ),
            ("5.2", _("The pupil's photograph")),
        ],
    ),
]
CONSENT_CATEGORIES = [
    item for _group, items in CONSENT_CATEGORY_GROUPS for item in items
]

# Section II of the consent sheet: what may be done with the data above.
CONSENT_ACTIONS = [
    ("6.1", _("Collecting personal data")),
    ("6.2", _("Systematising personal data")),
    ("6.3", _("Accumulating personal data")),
    ("6.4", _("Storing personal data")),
    ("6.5", _("Updating (renewing, changing) personal data")),
    ("6.6", _("Using personal data")),
    ("6.7", _("Internal dissemination")),
    ("6.8", _("External dissemination")),
    (
        "6.9",
        _(
            "Sending information on progress and attendance to the legal "
            "representatives electronically (e-mail)"
        ),
    ),
    (
        "6.10",
        _(
            "Sending information on progress and attendance to the legal "
            "representatives on paper"
        ),
    ),
    ("6.11", _("Publishing on the Internet")),
    ("6.12", _("Reading, disclosure, giving access to personal data otherwise")),
    ("6.13", _("Depersonalising personal data")),
    ("6.14", _("Blocking personal data")),
    ("6.15", _("Destroying personal data")),
]

PROGRESS = "4.3"
SEND_ELECTRONIC = "6.9"
SEND_PAPER = "6.10"

UNKNOWN_ITEM = _("Unknown item of the consent sheet: %(code)s.")
REVOKED_BEFORE_SIGNED = _("A consent cannot be revoked before it was signed.")


class DeliveryForm(models.TextChoices):
    WEB = "web", _("web diary only")
    EMAIL = "email", _("weekly e-mail digest")
    PAPER = "paper", _("weekly paper extract")


class AccessApplication(models.Model):
    """A parent's application for access to the diary of one child (002 App. 1).

    One current application per parent and child; a new one supersedes it. The
    contacts are the ones the parent gave in writing (002 §2.6).
    """

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    # Empty once the parent's personal data has been destroyed.
    guardian = models.ForeignKey(
        Guardian,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="access_applications",
        verbose_name=_("parent (legal guardian)"),
    )
    student = models.ForeignKey(
        Student, on_delete=models.PROTECT, related_name="+", verbose_name=_("student")
    )
    access_parent = models.BooleanField(_("access level «Parent»"), default=True)
    access_student = models.BooleanField(_("access level «Student»"), default=False)
    delivery = models.CharField(
        _("delivery form"),
        max_length=16,
        choices=DeliveryForm,
        default=DeliveryForm.WEB,
    )
    sms_marks = models.BooleanField(_("SMS about new marks"), default=False)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    scope = models.CharField(_("scope of information"), max_length=300, blank=True)
    submitted_on = models.DateField(_("date of the application"))
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    registered_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered by"),
    )
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)
    purged_at = models.DateTimeField(
        _("personal data destroyed at"), null=True, blank=True
    )

    objects = SchoolScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("access application")
        verbose_name_plural = _("access applications")
        ordering = ["-registered_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["guardian", "student"],
                condition=models.Q(superseded_at__isnull=True),
                name="access_application_one_current",
            )
        ]

    def __str__(self) -> str:
        return f"{self.guardian} — {self.student} ({self.submitted_on:%d.%m.%Y})"


class Consent(models.Model):
    """A signed consent sheet (002 App. 2) of a parent for one child, revocable.

    Revocation stops every delivery at once; the parent's personal data is
    destroyed on `purge_due_on`, ten working days after the revocation arrived.
    """

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    # Empty once the parent's personal data has been destroyed.
    guardian = models.ForeignKey(
        Guardian,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consents",
        verbose_name=_("parent (legal guardian)"),
    )
    student = models.ForeignKey(
        Student, on_delete=models.PROTECT, related_name="+", verbose_name=_("student")
    )
    number = models.CharField(_("sheet number"), max_length=32, blank=True)
    # As written on the sheet; it may differ from the account (a former name).
    signer_name = models.CharField(_("signed by (full name)"), max_length=300)
    relation = models.CharField(
        _("relation to the child"), max_length=16, choices=Relation, blank=True
    )
    categories = models.JSONField(_("data categories"), default=list, blank=True)
    actions = models.JSONField(_("actions"), default=list, blank=True)
    # Derived from the checkboxes so that delivery queries stay plain columns.
    allows_electronic = models.BooleanField(default=False, editable=False)
    allows_paper = models.BooleanField(default=False, editable=False)
    signed_on = models.DateField(_("signed on"))
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    registered_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered by"),
    )
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revocation registered by"),
    )
    revocation_received_on = models.DateField(
        _("revocation received on"), null=True, blank=True
    )
    purge_due_on = models.DateField(_("data to be destroyed on"), null=True, blank=True)
    purged_at = models.DateTimeField(
        _("personal data destroyed at"), null=True, blank=True
    )

    objects = SchoolScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consent to personal data processing")
        verbose_name_plural = _("consents to personal data processing")
        ordering = ["-registered_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["guardian", "student"],
                condition=models.Q(superseded_at__isnull=True, revoked_at__isnull=True),
                name="consent_one_valid",
            )
        ]
        indexes = [models.Index(fields=["school", "purge_due_on"])]

    def __str__(self) -> str:
        return f"{self.signer_name} — {self.student} ({self.signed_on:%d.%m.%Y})"

    def save(self, *args, **kwargs):
        progress = PROGRESS in (self.categories or [])
        self.allows_electronic = progress and SEND_ELECTRONIC in (self.actions or [])
        self.allows_paper = progress and SEND_PAPER in (self.actions or [])
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"categories", "actions"} & set(update_fields):
            kwargs["update_fields"] = {
                *update_fields,
                "allows_electronic",
                "allows_paper",
            }
        super().save(*args, **kwargs)

    def clean(self) -> None:
        known_categories = {code for code, _label in CONSENT_CATEGORIES}
        known_actions = {code for code, _label in CONSENT_ACTIONS}
        for field, known in (
            ("categories", known_categories),
            ("actions", known_actions),
        ):
            for code in getattr(self, field) or []:
                if code not in known:
                    raise ValidationError({field: UNKNOWN_ITEM}, params={"code": code})
        if (
            self.revocation_received_on
            and self.signed_on
            and self.revocation_received_on < self.signed_on
        ):
            raise ValidationError({"revocation_received_on": REVOKED_BEFORE_SIGNED})

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None and self.superseded_at is None


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("being sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")


class DigestDelivery(models.Model):
    """One weekly e-mail digest of one child to one parent: never twice a week.

    The row is claimed before the letter goes out, so a second run (or a second
    worker) skips it; a failure releases the claim for the next run.
    """

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="+")
    week = models.DateField(_("week (Monday)"))
    recipient = models.EmailField(_("e-mail"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=DeliveryStatus,
        default=DeliveryStatus.PENDING,
    )
    claimed_at = models.DateTimeField(_("claimed at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    claim = models.CharField(max_length=32, blank=True)

    objects = SchoolScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("weekly digest sent")
        verbose_name_plural = _("weekly digests sent")
        ordering = ["-week", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["guardian", "student", "week"], name="digest_once_a_week"
            )
        ]
        indexes = [models.Index(fields=["school", "week"])]

    def __str__(self) -> str:
        return f"{self.recipient} — {self.week:%d.%m.%Y}"


class SmsMessage(models.Model):
    """The outbox of SMS about new marks: composed in one step, sent in another."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="+")
    phone = models.CharField(_("phone"), max_length=30)
    text = models.CharField(_("text"), max_length=700)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=DeliveryStatus,
        default=DeliveryStatus.PENDING,
    )
    created_at = models.DateTimeField(_("composed at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    provider_id = models.CharField(_("gateway message id"), max_length=64, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)

    objects = SchoolScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("SMS message")
        verbose_name_plural = _("SMS messages")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.phone}: {self.text[:40]}"


class SmsCursor(models.Model):
    """The newest mark already told by SMS to a parent about a child (high water)."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    guardian = models.ForeignKey(Guardian, on_delete=models.CASCADE, related_name="+")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField()
    mark_id = models.BigIntegerField(default=0)

    objects = SchoolScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["guardian", "student"], name="sms_cursor_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.guardian_id}/{self.student_id} @ {self.created_at}"
