"""One function per fact in the events log; codes are dotted and stable.

Every code the school app writes is a constant here with its function, and CODES
lists them all (the admin guide and the event log's labels are checked against
it). record() is the one writer underneath; other apps call it from their own
events modules.
"""

from __future__ import annotations

from typing import Any

from .models import Event, School, User

LOGIN_SUCCEEDED = "accounts.login.succeeded"
LOGIN_FAILED = "accounts.login.failed"
LOGIN_LOCKED = "accounts.login.locked"
LOGGED_OUT = "accounts.logout"
SESSION_EXPIRED = "accounts.session.expired"
ROLE_SWITCHED = "accounts.role.switched"
PASSWORD_CHANGED = "accounts.password.changed"
SCHOOL_SETTINGS_UPDATED = "school.settings.updated"
ADMIN_ACTION = "admin.action"
DEMO_SEEDED = "school.demo.seeded"
STAFF_HIRED = "school.staff.hired"
STAFF_DISMISSED = "school.staff.dismissed"
STUDENT_ADMITTED = "school.student.admitted"
STUDENT_TRANSFERRED = "school.student.transferred"
STUDENT_LEFT = "school.student.left"
LOAD_ASSIGNED = "school.load.assigned"
TIMETABLE_CHANGED = "school.timetable.changed"
PLAN_IMPORTED = "school.plan.imported"
PLAN_COPIED = "school.plan.copied"
CREDENTIALS_ISSUED = "school.credentials.issued"
IMPORT_APPLIED = "school.import.applied"
# A list exported from the school's pages is a report leaving the system.
LIST_EXPORTED = "reports.export"
# Written by the audit app's weekly verification; shown on the sysadmin's page.
AUDIT_VERIFIED = "audit.chain.verified"


def record(
    code: str,
    *,
    actor: User | None = None,
    actor_username: str = "",
    school: School | None = None,
    ip: str | None = None,
    **params: Any,
) -> Event:
    """Append one event; the actor's login is copied so it outlives the account."""
    if actor is not None and not actor_username:
        actor_username = actor.get_username()
    return Event.objects.create(
        code=code,
        actor=actor,
        actor_username=_storable(actor_username)[:150],
        school=school,
        ip=ip or None,
        params=params,
    )


def login_succeeded(*, user: User, school: School | None, ip: str | None) -> Event:
    return record(LOGIN_SUCCEEDED, actor=user, school=school, ip=ip)


def _storable(text: str) -> str:
    """PostgreSQL text cannot hold NUL: show it as U+FFFD rather than fail the write."""
    return text.replace("\x00", "\ufffd")


def login_failed(*, username: str, ip: str | None, locked: bool) -> Event:
    # No account has a NUL in its login; asking PostgreSQL would raise.
    user = (
        None if "\x00" in username else User.objects.filter(username=username).first()
    )
    school = None
    if user is not None:
        membership = user.memberships.active().filter(school__isnull=False).first()
        school = membership.school if membership else None
    return record(
        LOGIN_LOCKED if locked else LOGIN_FAILED,
        actor=user,
        actor_username=username,
        school=school,
        ip=ip,
    )


def logged_out(*, user: User, school: School | None, ip: str | None) -> Event:
    return record(LOGGED_OUT, actor=user, school=school, ip=ip)


def session_expired(*, user: User, school: School | None, reason: str) -> Event:
    return record(SESSION_EXPIRED, actor=user, school=school, reason=reason)


def role_switched(*, user: User, membership, ip: str | None) -> Event:
    return record(
        ROLE_SWITCHED,
        actor=user,
        school=membership.school,
        ip=ip,
        membership=membership.pk,
        role=membership.role,
    )


def password_changed(*, user: User, school: School | None, ip: str | None) -> Event:
    return record(PASSWORD_CHANGED, actor=user, school=school, ip=ip)


def school_settings_updated(*, actor: User, school: School, changed: dict) -> Event:
    return record(SCHOOL_SETTINGS_UPDATED, actor=actor, school=school, changed=changed)


def admin_action(
    *, actor: User, school: School | None, action: str, model: str, pk: Any, text: str
) -> Event:
    return record(
        ADMIN_ACTION,
        actor=actor,
        school=school,
        action=action,
        model=model,
        object_id=str(pk),
        text=text,
    )


def demo_seeded(
    *,
    actor: User,
    school: School,
    schools: int,
    users: int,
    memberships: int,
    term: int = 0,
) -> Event:
    return record(
        DEMO_SEEDED,
        actor=actor,
        school=school,
        schools=schools,
        users=users,
        memberships=memberships,
        term=term,
    )


# --- People and movement ----------------------------------------------------------


def staff_hired(*, actor: User, school: School, staff) -> Event:
    return record(STAFF_HIRED, actor=actor, school=school, staff=staff.pk)


def staff_dismissed(*, actor: User, school: School, staff) -> Event:
    return record(STAFF_DISMISSED, actor=actor, school=school, staff=staff.pk)


def student_admitted(
    *, actor: User, school: School, student, school_class, order: str
) -> Event:
    return record(
        STUDENT_ADMITTED,
        actor=actor,
        school=school,
        student=student.pk,
        school_class=school_class.pk,
        order=order,
    )


def student_transferred(
    *, actor: User, school: School, student, from_class_id, to_class, order: str
) -> Event:
    return record(
        STUDENT_TRANSFERRED,
        actor=actor,
        school=school,
        student=student.pk,
        from_class=from_class_id,
        to_class=to_class.pk,
        order=order,
    )


def student_left(
    *, actor: User, school: School, student, order: str, kind: str
) -> Event:
    return record(
        STUDENT_LEFT,
        actor=actor,
        school=school,
        student=student.pk,
        order=order,
        kind=kind,
    )


# --- Structure, timetable, plans ---------------------------------------------------


def load_assigned(*, actor: User, school: School, assignment) -> Event:
    return record(
        LOAD_ASSIGNED,
        actor=actor,
        school=school,
        assignment=assignment.pk,
        teacher=assignment.teacher_id,
    )


def timetable_changed(*, actor: User, change, created: bool) -> Event:
    """A substitution, room change, transfer or cancellation, with what it changed."""
    entry = change.entry
    return record(
        TIMETABLE_CHANGED,
        actor=actor,
        school=change.school,
        change=change.pk,
        entry=change.entry_id,
        created=created,
        date=change.date.isoformat(),
        kind=change.kind,
        group=entry.group.name,
        subject=entry.subject.name,
        lesson_number=entry.lesson_number,
        teacher=entry.teacher_id,
        new_teacher=change.new_teacher_id,
        new_room=change.new_room_id,
        new_date=change.new_date.isoformat() if change.new_date else None,
        new_lesson_number=change.new_lesson_number,
        reason=change.reason,
    )


def plan_imported(
    *,
    actor: User,
    group,
    subject,
    lessons: int,
    source: str,
    counts: dict[str, int],
) -> Event:
    return record(
        PLAN_IMPORTED,
        actor=actor,
        school=group.school,
        group=group.pk,
        subject=subject.pk,
        lessons=lessons,
        source=source,
        **counts,
    )


def plan_copied(
    *,
    actor: User,
    source_group,
    source_subject,
    group,
    subject,
    lessons: int,
    weeks: int,
    replaced: int,
    counts: dict[str, int],
) -> Event:
    return record(
        PLAN_COPIED,
        actor=actor,
        school=group.school,
        source_group=source_group.pk,
        source_subject=source_subject.pk,
        group=group.pk,
        subject=subject.pk,
        lessons=lessons,
        weeks=weeks,
        replaced=replaced,
        **counts,
    )


# --- Credentials, imports and exports -----------------------------------------------


def credentials_issued(
    *,
    actor: User,
    school: School,
    class_name: str | None,
    class_id: int | None,
    audience: str,
    count: int,
    skipped: int,
    reissue: bool,
) -> Event:
    """Logins were issued; the passwords themselves are never logged."""
    return record(
        CREDENTIALS_ISSUED,
        actor=actor,
        school=school,
        **{
            "class": class_name,
            "class_id": class_id,
            "audience": audience,
            "count": count,
            "skipped": skipped,
            "reissue": reissue,
        },
    )


def import_applied(*, actor: User, job) -> Event:
    return record(
        IMPORT_APPLIED,
        actor=actor,
        school=job.school,
        kind=job.kind,
        job=job.pk,
        create=job.summary["create"],
        update=job.summary["update"],
    )


def list_exported(*, actor: User, school: School, kind: str, rows: int) -> Event:
    return record(LIST_EXPORTED, actor=actor, school=school, kind=kind, rows=rows)


def audit_chain_verified(*, school: School | None, problems: list) -> Event:
    """The weekly walk of the school's tamper-evident chain: ok, or the first break."""
    return record(
        AUDIT_VERIFIED,
        school=school,
        ok=not problems,
        first=str(problems[0]) if problems else "",
        problems=len(problems),
    )


# --- The second login step (TOTP and recovery codes) ---

TWO_FACTOR_ENROLLED = "accounts.two_factor.enrolled"
TWO_FACTOR_SUCCEEDED = "accounts.two_factor.succeeded"
TWO_FACTOR_FAILED = "accounts.two_factor.failed"
TWO_FACTOR_LOCKED = "accounts.two_factor.locked"
TWO_FACTOR_RECOVERY_USED = "accounts.two_factor.recovery_used"
TWO_FACTOR_RESET = "accounts.two_factor.reset"


def _user_school(user: User) -> School | None:
    membership = user.memberships.active().filter(school__isnull=False).first()
    return membership.school if membership else None


def two_factor_enrolled(*, user: User, ip: str | None) -> Event:
    return record(TWO_FACTOR_ENROLLED, actor=user, school=_user_school(user), ip=ip)


def two_factor_succeeded(*, user: User, ip: str | None) -> Event:
    return record(TWO_FACTOR_SUCCEEDED, actor=user, school=_user_school(user), ip=ip)


def two_factor_failed(*, user: User, ip: str | None) -> Event:
    return record(TWO_FACTOR_FAILED, actor=user, school=_user_school(user), ip=ip)


def two_factor_locked(*, user: User, ip: str | None) -> Event:
    return record(TWO_FACTOR_LOCKED, actor=user, school=_user_school(user), ip=ip)


def two_factor_recovery_used(*, user: User, ip: str | None, left: int) -> Event:
    return record(
        TWO_FACTOR_RECOVERY_USED,
        actor=user,
        school=_user_school(user),
        ip=ip,
        left=left,
    )


def two_factor_reset(
    *, actor: User, school: School, user: User, ip: str | None
) -> Event:
    return record(
        TWO_FACTOR_RESET,
        actor=actor,
        school=school,
        ip=ip,
        user=user.pk,
        username=user.get_username(),
    )


# Every code the school app writes, with the function that writes it.
CODES = {
    SESSION_EXPIRED: session_expired,
    AUDIT_VERIFIED: audit_chain_verified,
    TWO_FACTOR_ENROLLED: two_factor_enrolled,
    TWO_FACTOR_SUCCEEDED: two_factor_succeeded,
    TWO_FACTOR_FAILED: two_factor_failed,
    TWO_FACTOR_LOCKED: two_factor_locked,
    TWO_FACTOR_RECOVERY_USED: two_factor_recovery_used,
    TWO_FACTOR_RESET: two_factor_reset,
    LOGIN_SUCCEEDED: login_succeeded,
    LOGIN_FAILED: login_failed,
    LOGIN_LOCKED: login_failed,
    LOGGED_OUT: logged_out,
    ROLE_SWITCHED: role_switched,
    PASSWORD_CHANGED: password_changed,
    SCHOOL_SETTINGS_UPDATED: school_settings_updated,
    ADMIN_ACTION: admin_action,
    DEMO_SEEDED: demo_seeded,
    STAFF_HIRED: staff_hired,
    STAFF_DISMISSED: staff_dismissed,
    STUDENT_ADMITTED: student_admitted,
    STUDENT_TRANSFERRED: student_transferred,
    STUDENT_LEFT: student_left,
    LOAD_ASSIGNED: load_assigned,
    TIMETABLE_CHANGED: timetable_changed,
    PLAN_IMPORTED: plan_imported,
    PLAN_COPIED: plan_copied,
    CREDENTIALS_ISSUED: credentials_issued,
    IMPORT_APPLIED: import_applied,
    LIST_EXPORTED: list_exported,
}
