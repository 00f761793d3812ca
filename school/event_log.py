"""The events log as the sysadmin reads it: each code in words, each detail with
the names of people and objects instead of ids (000 IT req. 7).

A code without a label here fails a test that collects every code the code base
records, so a new event cannot reach the log as a bare dotted code.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from .models import (
    ChangeKind,
    Event,
    ImportKind,
    MovementKind,
    Role,
    School,
)

EVENT_LABELS = {
    "accounts.login.succeeded": _("Signed in"),
    "accounts.login.failed": _("Failed sign-in"),
    "accounts.login.locked": _("Sign-in blocked after repeated wrong passwords"),
    "accounts.logout": _("Signed out"),
    "accounts.role.switched": _("Switched the active role"),
    "accounts.password.changed": _("Changed the password"),
    "admin.action": _("Action in the administration interface"),
    "school.settings.updated": _("Changed the school settings"),
    "school.demo.seeded": _("Demonstration data created"),
    "school.staff.hired": _("Employee hired"),
    "school.staff.dismissed": _("Employee dismissed"),
    "school.student.admitted": _("Pupil admitted"),
    "school.student.transferred": _("Pupil transferred to another class"),
    "school.student.left": _("Pupil left the school"),
    "school.load.assigned": _("Teaching load assigned"),
    "school.timetable.changed": _("Timetable changed for a day"),
    "school.credentials.issued": _("Logins and passwords issued"),
    "school.plan.imported": _("Topic plan imported"),
    "school.plan.copied": _("Topic plan copied"),
    "school.import.applied": _("Import applied"),
    "reports.export": _("List exported"),
    "journal.substitution.recorded": _("Substitution lesson recorded"),
    "journal.period.closed": _("Study period closed"),
    "journal.correction.filed": _("Correction request filed"),
    "journal.correction.approved": _("Correction request approved"),
    "journal.correction.rejected": _("Correction request rejected"),
    "diary.consent.revoked": _("Consent to personal data processing revoked"),
    "diary.personal_data.destroyed": _("Parent's personal data destroyed"),
    "diary.digest.sent": _("Weekly e-mail digests sent"),
    "diary.extract.printed": _("Paper diary extracts printed"),
    "accounts.session.expired": _("Session ended after inactivity or its time limit"),
    "accounts.two_factor.enrolled": _("Two-factor login set up"),
    "accounts.two_factor.succeeded": _("Second login step passed"),
    "accounts.two_factor.failed": _("Wrong one-time code at the second login step"),
    "accounts.two_factor.locked": _("Second login step blocked after wrong codes"),
    "accounts.two_factor.recovery_used": _("Recovery code used at login"),
    "accounts.two_factor.reset": _("Two-factor login reset by the administrator"),
    "accounts.compromise.reported": _("Account reported compromised and locked"),
    "accounts.compromise.reverted": _("Operation under a compromised account reverted"),
    "accounts.compromise.confirmed": _(
        "Operation under a compromised account confirmed as genuine"
    ),
    "audit.chain.verified": _("Integrity of the events log and history checked"),
    "archive.backup.created": _("Backup made"),
    "archive.backup.failed": _("Backup failed"),
    "archive.backup.mirror_failed": _("Backup not copied to the second location"),
    "archive.backup.verified": _("Backup verified"),
    "archive.backup.verify_failed": _("Backup failed verification"),
    "archive.backup.restored": _("Database restored from a backup"),
    "archive.backup.pruned": _("Old backup deleted by the retention rule"),
    "archive.export.requested": _("Export of all data requested"),
    "archive.export.finished": _("Export of all data ready"),
    "archive.export.downloaded": _("Export of all data downloaded"),
}

# The families of codes the filter offers, by their first part.
EVENT_KINDS = {
    "accounts": _("Sign-ins and accounts"),
    "admin": _("Administration interface"),
    "school": _("School, people and timetable"),
    "journal": _("Journal"),
    "diary": _("Diary, consents and delivery"),
    "reports": _("Reports and exports"),
    "archive": _("Backups and exports of all data"),
    "audit": _("Integrity of the log"),
}

PARAM_LABELS = {
    "action": _("action"),
    "assignment": _("teaching load"),
    "audience": _("for whom"),
    "change": _("change"),
    "changed": _("changed"),
    "class": _("class"),
    "class_id": _("class"),
    "consent": _("consent"),
    "count": _("count"),
    "create": _("created"),
    "created": _("new change"),
    "date": _("date"),
    "destroyed": _("destroyed"),
    "entry": _("timetable line"),
    "failed": _("failed"),
    "from_class": _("from class"),
    "group": _("group"),
    "job": _("import"),
    "kind": _("kind"),
    "lesson": _("lesson"),
    "lesson_number": _("lesson number"),
    "lessons": _("lessons"),
    "membership": _("role"),
    "memberships": _("roles"),
    "model": _("object type"),
    "new_date": _("new date"),
    "new_room": _("new room"),
    "new_teacher": _("new teacher"),
    "object_id": _("object"),
    "order": _("order"),
    "period": _("period"),
    "planned_teacher": _("teacher by the timetable"),
    "pupils": _("pupils"),
    "purge_due_on": _("to be destroyed by"),
    "received_on": _("revocation received"),
    "reissue": _("reissue"),
    "replaced": _("replaced"),
    "request": _("request"),
    "role": _("role"),
    "rows": _("rows"),
    "school_class": _("class"),
    "schools": _("schools"),
    "scope": _("scope"),
    "sent": _("sent"),
    "skipped": _("skipped"),
    "source": _("source"),
    "source_group": _("from group"),
    "source_subject": _("from subject"),
    "staff": _("employee"),
    "student": _("pupil"),
    "subject": _("subject"),
    "teacher": _("teacher"),
    "text": _("description"),
    "to_class": _("to class"),
    "update": _("updated"),
    "users": _("users"),
    "week": _("week"),
    "weeks": _("weeks shifted"),
}

# Ids that stay ids in the log: the named fields next to them say it better.
HIDDEN_PARAMS = {"entry", "change", "class_id", "membership"}

YES, NO = _("yes"), _("no")


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


def _class_name(school_class) -> str:
    return school_class.name


# key -> (model "app.Model", select_related, how to name one row)
REFERENCES: dict[str, tuple[str, tuple[str, ...], Callable]] = {
    "lesson": (
        "journal.Lesson",
        ("group", "subject"),
        lambda o: (
            f"{o.subject.name}, {o.group.name}, {o.date:%d.%m.%Y}, {o.lesson_number}"
        ),
    ),
    "request": (
        "journal.CorrectionRequest",
        ("teacher", "group", "subject"),
        lambda o: (
            f"№ {o.pk}: {o.subject.name}, {o.group.name}, "
            f"{o.lesson_date:%d.%m.%Y}, {_person(o.teacher)}"
        ),
    ),
    "period": (
        "school.StudyPeriod",
        ("scheme__year",),
        lambda o: f"{o.name} {o.scheme.year.name}",
    ),
    "assignment": (
        "school.TeachingAssignment",
        ("group", "subject"),
        lambda o: f"{o.subject.name}, {o.group.name}",
    ),
    "staff": ("school.StaffMember", ("user",), lambda o: _person(o.user)),
    "student": ("school.Student", ("user",), lambda o: _person(o.user)),
    "consent": (
        "diary.Consent",
        ("student__user",),
        lambda o: f"{o.signer_name} — {_person(o.student.user)}",
    ),
    "job": ("school.ImportJob", (), lambda o: o.get_kind_display()),
    "new_room": ("school.Room", (), lambda o: o.name),
    "membership": ("school.Membership", (), lambda o: o.get_role_display()),
}
for _key in ("teacher", "planned_teacher", "new_teacher"):
    REFERENCES[_key] = ("school.User", (), _person)
for _key in ("group", "source_group"):
    REFERENCES[_key] = ("school.StudyGroup", (), lambda o: o.name)
for _key in ("subject", "source_subject"):
    REFERENCES[_key] = ("school.Subject", (), lambda o: o.name)
for _key in ("school_class", "from_class", "to_class"):
    REFERENCES[_key] = ("school.SchoolClass", (), _class_name)

# Values that are choices: their labels, per code where keys mean different things.
CHOICES = {
    ("school.timetable.changed", "kind"): dict(ChangeKind.choices),
    ("school.student.left", "kind"): dict(MovementKind.choices),
    ("school.import.applied", "kind"): dict(ImportKind.choices),
    ("reports.export", "kind"): {**dict(ImportKind.choices), "events": _("events")},
    ("accounts.role.switched", "role"): dict(Role.choices),
    ("school.credentials.issued", "audience"): {
        "students": _("pupils"),
        "guardians": _("parents"),
        "both": _("pupils and parents"),
        "staff": _("staff"),
    },
}


def event_label(code: str) -> str:
    """The code in words; an unknown code (only a test lets none slip) as is."""
    return str(EVENT_LABELS.get(code, code))


@dataclass
class EventRow:
    event: Event
    label: str
    person: str
    details: list[tuple[str, str]] = field(default_factory=list)

    @property
    def details_text(self) -> str:
        return "; ".join(f"{name}: {value}" for name, value in self.details)


def _names(events: list[Event]) -> dict[str, dict]:
    """Every referenced row of the page, one query per kind of object."""
    wanted: dict[str, set] = defaultdict(set)
    for event in events:
        for key, value in (event.params or {}).items():
            if key in REFERENCES and isinstance(value, int):
                wanted[REFERENCES[key][0]].add(value)
    names: dict[str, dict] = {}
    for label, ids in wanted.items():
        specs = {spec for spec in REFERENCES.values() if spec[0] == label}
        related = sorted({name for spec in specs for name in spec[1]})
        namer = next(iter(specs))[2]
        model = apps.get_model(label)
        rows = model._default_manager.filter(pk__in=ids)
        if related:
            rows = rows.select_related(*related)
        names[label] = {row.pk: namer(row) for row in rows}
    return names


def _date_text(value: str) -> str | None:
    try:
        return datetime.date.fromisoformat(value).strftime("%d.%m.%Y")
    except (TypeError, ValueError):
        return None


def _field_label(name: str) -> str:
    try:
        return str(School._meta.get_field(name).verbose_name)
    except Exception:  # a field since removed: its name is all there is
        return name


def _value_text(code: str, key: str, value, names: dict) -> str:
    if key in REFERENCES and isinstance(value, int) and not isinstance(value, bool):
        label = REFERENCES[key][0]
        return names.get(label, {}).get(value) or str(_("deleted (№ %(id)s)")) % {
            "id": value
        }
    if isinstance(value, bool):
        return str(YES if value else NO)
    if (code, key) in CHOICES and value in CHOICES[(code, key)]:
        return str(CHOICES[(code, key)][value])
    if isinstance(value, dict):
        if key == "changed":
            return "; ".join(
                f"{_field_label(name)}: {' → '.join(str(v) for v in change)}"
                if isinstance(change, list | tuple)
                else f"{_field_label(name)}: {change}"
                for name, change in value.items()
            )
        return ", ".join(f"{name}: {number}" for name, number in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    if value is None or value == "":
        return "—"
    if isinstance(value, str) and len(value) == 10:
        return _date_text(value) or value
    return str(value)


def event_rows(events: Iterable[Event]) -> list[EventRow]:
    """Events as the log shows and exports them, names looked up in bulk."""
    events = list(events)
    names = _names(events)
    rows = []
    for event in events:
        person = _person(event.actor) if event.actor else ""
        if event.actor_username and event.actor_username not in person:
            person = (
                f"{person} ({event.actor_username})" if person else event.actor_username
            )
        details = [
            (
                str(PARAM_LABELS.get(key, key)),
                _value_text(event.code, key, value, names),
            )
            for key, value in (event.params or {}).items()
            if key not in HIDDEN_PARAMS
        ]
        rows.append(EventRow(event, event_label(event.code), person, details))
    return rows
