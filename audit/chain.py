"""Hash-chaining of events and history rows per school, and its verification.

Why a job and not a hook on every write: a hook would add three statements to
every history row written (lock the school's head, insert the link, move the
head) and serialise all writes of a school on that lock until commit; the mark
save the grid makes is being cut to ten statements. The job (``chain_extend``,
every minute by beat) adds nothing to a request. It seals what is committed,
in the order it finds it: by time, then table, then id.

A row may commit after rows with higher ids were sealed (a longer transaction),
so the job seals every row not yet sealed above a per-table cursor and moves the
cursor only past rows older than SETTLE; ``chain_verify`` reports an unsealed row
below the cursor as inserted. A row written and altered within SETTLE before the
job runs cannot be told from a genuine one; that window is the price of keeping
the write path free.

Each link's MAC is an HMAC-SHA256 (Django's salted_hmac, keyed by
AUDIT_CHAIN_KEY) over the previous MAC and the row's digest: rewriting rows and
recomputing the chain in the database needs the key, which is not stored there.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import ChainCursor, ChainHead, ChainLink

SETTLE = datetime.timedelta(hours=1)
BATCH = 20000
LATE = "late"
LOCK_KEY = 716_161  # one chaining job at a time (PostgreSQL advisory lock)


@dataclass(frozen=True)
class Source:
    model: type[models.Model]
    time_field: str

    @property
    def name(self) -> str:
        return self.model._meta.db_table

    def chain_of(self, row: dict) -> int:
        if "school_id" in row:
            return row["school_id"] or 0
        if self.model._meta.label == "school.HistoricalSchool":
            return row["id"]
        return 0


def sources() -> list[Source]:
    """The events table and every django-simple-history table."""
    found = [Source(apps.get_model("school", "Event"), "created_at")]
    for model in apps.get_models():
        if hasattr(model, "instance_type") and hasattr(model, "history_date"):
            found.append(Source(model, "history_date"))
    return sorted(found, key=lambda s: s.name)


def _plain(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return value


def _columns(model) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields]


def digest(values: dict) -> str:
    """SHA-256 of a row's canonical JSON (sorted keys, plain values)."""
    text = json.dumps(
        {k: _plain(v) for k, v in values.items()},
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(text.encode()).hexdigest()


def link_mac(prev: str, chain: int, seq: int, source: str, row_id, dig, reason) -> str:
    key = getattr(settings, "AUDIT_CHAIN_KEY", "") or settings.SECRET_KEY
    value = f"{prev}|{chain}|{seq}|{source}|{row_id}|{dig}|{reason}"
    return salted_hmac(
        "ejournal.audit.chain", value, secret=key, algorithm="sha256"
    ).hexdigest()


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


class _Appender:
    """Appends links to chains, keeping the locked heads in memory."""

    def __init__(self):
        self.heads = {h.chain: h for h in ChainHead.objects.select_for_update()}
        self.links: list[ChainLink] = []

    def add(self, chain: int, source: str, row_id: int, dig: str, reason="") -> None:
        head = self.heads.get(chain)
        if head is None:
            head = self.heads[chain] = ChainHead(chain=chain)
        head.seq += 1
        head.mac = link_mac(head.mac, chain, head.seq, source, row_id, dig, reason)
        self.links.append(
            ChainLink(
                chain=chain,
                seq=head.seq,
                source=source,
                row_id=row_id,
                digest=dig,
                reason=reason,
                mac=head.mac,
            )
        )

    def save(self) -> int:
        ChainLink.objects.bulk_create(self.links, batch_size=2000)
        for head in self.heads.values():
            head.save()
        return len(self.links)


@transaction.atomic
def chain_extend() -> int:
    """Seal every committed event and history row not sealed yet; returns how many."""
    _lock()
    appender = _Appender()
    now = timezone.now()
    found = []
    cursors = {c.source: c for c in ChainCursor.objects.all()}
    for source in sources():
        model = source.model
        cursor = cursors.get(source.name)
        if cursor is None:
            cursor = cursors[source.name] = ChainCursor.objects.create(
                source=source.name
            )
        sealed = ChainLink.objects.filter(source=source.name, row_id=OuterRef("pk"))
        rows = (
            model._default_manager.filter(pk__gt=cursor.settled_id)
            .filter(~Exists(sealed))
            .order_by("pk")
            .values(*_columns(model))[:BATCH]
        )
        pk = model._meta.pk.attname
        # A row dated well before the job's previous read of its table was
        # written around the application (a back-dated insert).
        last = cursor.read_at
        for row in rows:
            late = last is not None and row[source.time_field] < last - SETTLE
            item = (row[source.time_field], source.name, row[pk], source, row, late)
            found.append(item)
        settled = model._default_manager.filter(
            pk__gt=cursor.settled_id, **{f"{source.time_field}__lt": now - SETTLE}
        ).aggregate(top=Max("pk"))["top"]
        if settled and len(rows) < BATCH:
            cursor.settled_id = settled
        cursor.read_at = now
    ChainCursor.objects.bulk_update(list(cursors.values()), ["settled_id", "read_at"])
    found.sort(key=lambda item: item[:3])
    for _time, name, row_id, source, row, late in found:
        reason = LATE if late else ""
        appender.add(source.chain_of(row), name, row_id, digest(row), reason)
    return appender.save()


@transaction.atomic
def rows_reseal(model: type[models.Model], ids, *, reason: str) -> int:
    """Seal the new state of rows changed or destroyed lawfully (consent purge).

    The old links stay in the chain; verification compares each row with its
    latest link, so a lawful redaction is told from tampering by its own link.
    """
    _lock()
    appender = _Appender()
    source = next(s for s in sources() if s.model is model)
    ids = list(ids)
    present = {
        row[model._meta.pk.attname]: row
        for row in model._default_manager.filter(pk__in=ids).values(*_columns(model))
    }
    chains = dict(
        ChainLink.objects.filter(source=source.name, row_id__in=ids).values_list(
            "row_id", "chain"
        )
    )
    for row_id in ids:
        row = present.get(row_id)
        if row is None and row_id not in chains:
            continue
        chain = source.chain_of(row) if row is not None else chains[row_id]
        appender.add(chain, source.name, row_id, digest(row) if row else "", reason)
    return appender.save()


# --- Verification -------------------------------------------------------------------


@dataclass
class Problem:
    chain: int
    seq: int | None
    source: str
    row_id: int | None
    what: str

    def __str__(self) -> str:
        where = f"звено {self.seq}" if self.seq is not None else "вне цепочки"
        row = f"{self.source} id={self.row_id}" if self.row_id is not None else ""
        return f"цепочка {self.chain}: {where} {row}: {self.what}".strip()


CHANGED = "строка изменена"
DELETED = "строка удалена"
INSERTED = "строка добавлена в обход журнала"
LINK_BROKEN = "звено изменено, удалено или вставлено"
TRUNCATED = "конец цепочки удалён"


def chain_verify() -> dict[int, list[Problem]]:
    """Walk every chain; its problems in chain order, the first broken link first."""
    problems: dict[int, list[Problem]] = {}
    latest: dict[tuple[str, int], tuple[int, int, str]] = {}
    heads = {h.chain: h for h in ChainHead.objects.all()}
    chains = set(heads) | set(
        ChainLink.objects.values_list("chain", flat=True).distinct()
    )
    for chain in sorted(chains):
        found = problems.setdefault(chain, [])
        prev, expected = "", 1
        links = ChainLink.objects.filter(chain=chain).order_by("seq")
        for link in links.iterator(chunk_size=5000):
            mac = link_mac(
                prev,
                chain,
                link.seq,
                link.source,
                link.row_id,
                link.digest,
                link.reason,
            )
            if link.seq != expected or link.mac != mac:
                found.append(
                    Problem(chain, link.seq, link.source, link.row_id, LINK_BROKEN)
                )
            elif link.reason == LATE:
                found.append(
                    Problem(chain, link.seq, link.source, link.row_id, INSERTED)
                )
            prev, expected = link.mac, link.seq + 1
            latest[(link.source, link.row_id)] = (chain, link.seq, link.digest)
        head = heads.get(chain)
        if head is None or head.seq != expected - 1 or head.mac != prev:
            found.append(Problem(chain, expected - 1, "", None, TRUNCATED))
    settled = dict(ChainCursor.objects.values_list("source", "settled_id"))
    for source in sources():
        model = source.model
        pk = model._meta.pk.attname
        seen = set()
        rows = model._default_manager.order_by("pk").values(*_columns(model))
        for row in rows.iterator(chunk_size=5000):
            key = (source.name, row[pk])
            seen.add(row[pk])
            sealed = latest.get(key)
            if sealed is None:
                if row[pk] <= settled.get(source.name, 0):
                    chain = source.chain_of(row)
                    problems.setdefault(chain, []).append(
                        Problem(chain, None, source.name, row[pk], INSERTED)
                    )
            elif sealed[2] != digest(row):
                problems[sealed[0]].append(
                    Problem(sealed[0], sealed[1], source.name, row[pk], CHANGED)
                )
        for (name, row_id), (chain, seq, dig) in latest.items():
            if name == source.name and row_id not in seen and dig:
                problems[chain].append(Problem(chain, seq, name, row_id, DELETED))
    for found in problems.values():
        found.sort(key=lambda p: (p.seq is None, p.seq or 0))
    return problems
