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
