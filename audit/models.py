"""Seals of the events and history rows, hash-chained per school (A7, C12).

A chaining job (audit/chain.py) appends one link per new row in the order it
finds them; a link holds the row's digest and an HMAC over the previous link's
MAC, so a changed, deleted or inserted row, or a changed link, breaks the chain.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ChainLink(models.Model):
    # The school of the row; 0 for rows of no school (platform accounts).
    chain = models.BigIntegerField()
    seq = models.BigIntegerField()
    source = models.CharField(max_length=100)
    row_id = models.BigIntegerField()
    # SHA-256 of the row's canonical content; empty when the row was destroyed
    # lawfully (a consent revocation) and the destruction itself was sealed.
    digest = models.CharField(max_length=64, blank=True)
    reason = models.CharField(max_length=64, blank=True)
    mac = models.CharField(max_length=64)
    sealed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("audit chain link")
        constraints = [
            models.UniqueConstraint(
                fields=["chain", "seq"], name="audit_link_unique_seq"
            )
        ]
        indexes = [models.Index(fields=["source", "row_id"])]

    def __str__(self) -> str:
        return f"{self.chain}#{self.seq} {self.source}:{self.row_id}"


class ChainHead(models.Model):
    """The last link of a chain, locked while the chain is extended."""

    chain = models.BigIntegerField(primary_key=True)
    seq = models.BigIntegerField(default=0)
    mac = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"{self.chain}#{self.seq}"


class ChainCursor(models.Model):
    """Per source table: every row up to settled_id is sealed (older than SETTLE)."""

    source = models.CharField(max_length=100, primary_key=True)
    settled_id = models.BigIntegerField(default=0)
    # When the job last read this table: a row written while the job was down
    # is newer than this; a back-dated insert is older.
    read_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.source} ≤ {self.settled_id}"


# --- Compromise reports (A6, 001 §4.3–4.4) -----------------------------------------


class CompromiseStatus(models.TextChoices):
    OPEN = "open", _("under review")
    CLOSED = "closed", _("reviewed")


class CompromiseReport(models.Model):
    """A report that an account's credentials are known to someone else.

    The account is locked when the report is filed; its number is the row's id.
    """

    school = models.ForeignKey(
        "school.School", on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        "school.User",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("account"),
    )
    reported_by = models.ForeignKey(
        "school.User", on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)
    # Every operation under the account from this moment is void (001 §4.4).
    since = models.DateTimeField(_("compromised since"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=CompromiseStatus,
        default=CompromiseStatus.OPEN,
    )

    class Meta:
        verbose_name = _("compromise report")
        verbose_name_plural = _("compromise reports")
        ordering = ["-reported_at"]

    def __str__(self) -> str:
        return f"№{self.pk} {self.user}"


class ItemDecision(models.TextChoices):
    PENDING = "pending", _("to review")
    REVERTED = "reverted", _("reverted")
    CONFIRMED = "confirmed", _("confirmed as genuine")


class CompromiseItem(models.Model):
    """One operation made under a compromised account: a history row or an event."""

    report = models.ForeignKey(
        CompromiseReport, on_delete=models.CASCADE, related_name="items"
    )
    source = models.CharField(max_length=100)
    row_id = models.BigIntegerField()
    happened_at = models.DateTimeField(_("time"))
    label = models.CharField(_("operation"), max_length=300)
    revertible = models.BooleanField(default=False)
    decision = models.CharField(
        _("decision"),
        max_length=16,
        choices=ItemDecision,
        default=ItemDecision.PENDING,
    )
    decided_by = models.ForeignKey(
        "school.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["happened_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "source", "row_id"], name="audit_item_unique_row"
            )
        ]

    def __str__(self) -> str:
        return self.label
