"""Imports and exports of lists: check a whole file, apply it once, write XLSX (B10)."""

from __future__ import annotations

import datetime
import hashlib
import io
from collections import Counter

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import events, permissions, uploads
from .. import imports as kinds
from ..errors import ApplicationError
from ..imports.common import Context, FileError, Plan, read_table
from ..models import (
    Guardian,
    ImportJob,
    ImportStatus,
    School,
    StaffMember,
    Student,
    User,
)
from ..selectors import imports as selectors
from ..spreadsheets import xlsx_append
from .common import save_with_history, update_with_history
from .people import person_update

PREVIEW_ROWS = 50

UNKNOWN_KIND = _("This kind of list cannot be imported here.")
ALREADY_APPLIED = _("This import has already been applied; upload the file again.")
NOT_READY = _("This import has errors and cannot be applied; upload a corrected file.")


class _Rollback(Exception):
    """Undo everything the apply wrote; the errors are kept on the job."""

    def __init__(self, errors: list[dict]):
        super().__init__("import rolled back")
        self.errors = errors


def _check(
    actor: User, school: School, kind: str, content: bytes
) -> tuple[Context, list[Plan]]:
    """Read and check every row against the file and the database; writes nothing."""
    module = kinds.get(kind)
    ctx = Context(
        school=school,
        actor=actor,
        year=selectors.current_year(school),
        columns={c.key: c for c in module.COLUMNS},
    )
    try:
        rows = read_table(content, module.COLUMNS)
    except FileError as error:
        ctx.errors.append({"row": None, "column": "", "message": str(error)})
        return ctx, []
    return ctx, module.check(ctx, rows)


def _sorted(errors: list[dict]) -> list[dict]:
    return sorted(errors, key=lambda e: e["row"] or 0)


def _summary(plans: list[Plan]) -> dict:
    counts = Counter(plan.action for plan in plans)
    changes = [
        {"row": p.row, "action": p.action, "text": p.label, "changed": p.changed}
        for p in plans
        if p.action != "unchanged"
    ]
    return {
        "create": counts["create"],
        "update": counts["update"],
        "unchanged": counts["unchanged"],
        # Bounded by IMPORT_MAX_ROWS; the page shows it PREVIEW_ROWS at a time.
        "rows": changes,
    }


@transaction.atomic
def import_job_create(
    *, actor: User, school: School, kind: str, file_name: str, content: bytes
) -> ImportJob:
    """Check the whole file and keep it as a job; nothing else is written yet."""
    permissions.ensure_can_import(actor, school, kind)
    if kind == "timetable":
        permissions.ensure_can_manage_timetable(actor, school)
    if kind not in kinds.KINDS:
        raise ValidationError(UNKNOWN_KIND)
    uploads.ensure_content_size(content)
    ctx, plans = _check(actor, school, kind, content)
    errors, total = uploads.error_report(_sorted(ctx.errors))
    refused = bool(ctx.errors) and ctx.errors[0]["row"] is None
    job = ImportJob(
        school=school,
        kind=kind,
        file_name=file_name[-255:],
        # A file refused as a whole is not kept: it can never be applied.
        content=b"" if refused else content,
        sha256=hashlib.sha256(content).hexdigest(),
        status=ImportStatus.INVALID if ctx.errors else ImportStatus.READY,
        errors=errors,
        summary={"errors": total} if ctx.errors else _summary(plans),
        created_by=actor,
    )
    job.full_clean()
    job.save()
    return job


@transaction.atomic
def import_job_apply(*, actor: User, job: ImportJob) -> ImportJob:
    """Apply a checked file in one transaction, all rows or none, and only once."""
    permissions.ensure_can_import(actor, job.school, job.kind)
    job = ImportJob.objects.select_for_update().select_related("school").get(pk=job.pk)
    if job.status == ImportStatus.APPLIED:
        raise ApplicationError(ALREADY_APPLIED)
    if job.status != ImportStatus.READY:
        raise ApplicationError(NOT_READY)
    module = kinds.get(job.kind)
    try:
        with transaction.atomic():
            ctx, plans = _check(actor, job.school, job.kind, bytes(job.content))
            for plan in plans if not ctx.errors else []:
                try:
                    module.apply(ctx, plan)
                except ValidationError as error:
                    for message in error.messages:
                        ctx.error(plan.row, None, message)
            if ctx.errors:
                raise _Rollback(_sorted(ctx.errors))
    except _Rollback as failure:
        job.status = ImportStatus.INVALID
        job.errors, total = uploads.error_report(failure.errors)
        job.summary = {**job.summary, "errors": total}
        job.save(update_fields=["status", "errors", "summary"])
        return job
    job.status = ImportStatus.APPLIED
    job.applied_at = timezone.now()
    job.summary = _summary(plans)
    job.save(update_fields=["status", "applied_at", "summary"])
    events.import_applied(actor=actor, job=job)
    return job


# --- Row updates the people services do not cover ---------------------------------


@transaction.atomic
def student_details_update(*, actor: User, student: Student, **fields) -> Student:
    """Correct a pupil's name, date of birth or gender from an imported list."""
    permissions.ensure_can_import(actor, student.school, "students")
    names = {
        k: fields.pop(k)
        for k in ("last_name", "first_name", "patronymic")
        if k in fields
    }
    if names:
        person_update(actor=actor, school=student.school, user=student.user, **names)
    changed = [f for f in ("birth_date", "gender") if f in fields]
    for name in changed:
        setattr(student, name, fields[name])
    if changed:
        save_with_history(student, actor, changed)
    return student


@transaction.atomic
def guardian_contacts_update(
    *,
    actor: User,
    guardian: Guardian,
    phone: str | None = None,
    email: str | None = None,
) -> Guardian:
    """Replace a parent's phone or e-mail from an imported list."""
    permissions.ensure_can_import(actor, guardian.school, "guardians")
    values = {"phone": phone, "email": email}
    given = {name: value for name, value in values.items() if value is not None}
    update_with_history(guardian, actor, given)
    return guardian


@transaction.atomic
def staff_details_update(
    *,
    actor: User,
    staff: StaffMember,
    email: str | None = None,
    **fields,
) -> StaffMember:
    """Correct a staff record's phone, hire date or order from an imported list."""
    permissions.ensure_can_import(actor, staff.school, "staff")
    if email is not None:
        person_update(actor=actor, school=staff.school, user=staff.user, email=email)
    changed = [f for f in ("phone", "hired_on", "hire_order") if f in fields]
    for name in changed:
        setattr(staff, name, fields[name])
    if changed:
        save_with_history(staff, actor, changed)
    return staff


# --- Exports ----------------------------------------------------------------------


@transaction.atomic
def export_workbook(*, actor: User, school: School, kind: str) -> bytes:
    """A list as XLSX with the import's own headers, so that it re-imports cleanly."""
    permissions.ensure_can_import(actor, school, kind)
    if kind not in selectors.EXPORT_KINDS:
        raise ValidationError(UNKNOWN_KIND)
    module = kinds.get(kind)
    rows = module.export_rows(school, selectors.current_year(school))
    content = write_xlsx([c.header for c in module.COLUMNS], rows)
    events.list_exported(actor=actor, school=school, kind=kind, rows=len(rows))
    return content


def write_xlsx(headers: list[str], rows: list[list]) -> bytes:
    """Bold frozen header row, dates as Excel dates, widths fitted to the text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    xlsx_append(sheet, headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    widths = [len(h) for h in headers]
    for row in rows:
        xlsx_append(sheet, row)
        for index, value in enumerate(row):
            text = value.strftime("%d.%m.%Y") if _is_date(value) else str(value or "")
            widths[index] = max(widths[index], len(text))
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if _is_date(cell.value):
                cell.number_format = "DD.MM.YYYY"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, 60)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _is_date(value) -> bool:
    return isinstance(value, datetime.date)
