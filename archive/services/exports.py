"""«Выгрузка всех данных» (G2, 001 App. 3 §4): every record of one school.

One ZIP per export: `json/<app>.<model>.json` (Django's serialisation format, one
file per table), `export.xlsx` (one sheet per table) and `README.txt`. Rows that
carry a date are limited to the range; reference rows (classes, subjects, people)
are exported whole. Password hashes are never exported.
"""

from __future__ import annotations

import datetime
import json
import os
import zipfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from school.models import School, User

from .. import events
from ..models import ExportJob, ExportStatus
from ..permissions import ensure_can_export_school

EXPORT_APPS = ("school", "journal", "diary", "reports", "archive")
DATE_FIELDS = ("date", "day", "starts_on", "sent_at", "created_at", "history_date")
SECRET_FIELDS = {"password"}
RANGE_BACKWARDS = _("The end of the range must not be before its start.")
RANGE_TOO_LONG = _("An export covers at most ten years.")
README = """Выгрузка всех данных школы «{school}» за {date_from} — {date_to}.

json/<приложение>.<таблица>.json — одна таблица в файле, формат сериализации
Django: список объектов {{"model", "pk", "fields"}}; внешние ключи — номера строк
других таблиц. Строки с датой (уроки, отметки, посещаемость, история изменений,
события) ограничены периодом; справочники (классы, предметы, люди) выгружены
полностью. Хеши паролей не выгружаются.
export.xlsx — те же таблицы, по листу на таблицу.
"""


def export_request(
    *, actor: User, school: School, date_from: datetime.date, date_to: datetime.date
) -> ExportJob:
    """The sysadmin asks for the school's data; a worker builds it."""
    ensure_can_export_school(actor, school)
    if date_to < date_from:
        raise ValidationError({"date_to": RANGE_BACKWARDS})
    if (date_to - date_from).days > 3660:
        raise ValidationError({"date_from": RANGE_TOO_LONG})
    with transaction.atomic():
        job = ExportJob(
            school=school, requested_by=actor, date_from=date_from, date_to=date_to
        )
        job.full_clean()
        job.save()
        events.export_requested(
            actor=actor,
            school=school,
            job=job.pk,
            params={"date_from": str(date_from), "date_to": str(date_to)},
        )
        from ..tasks import export_run_task

        transaction.on_commit(lambda: export_run_task.delay(job.pk))
    return job


def _school_path(model) -> str | None:
    """The lookup from the model to its school, or None when it has none."""
    if model is School:
        return "pk"
    if model is User:
        return "memberships__school"
    names = {f.name: f for f in model._meta.get_fields()}
    field = names.get("school")
    if isinstance(field, models.ForeignKey) and field.related_model is School:
        return "school"
    for field in model._meta.fields:
        if isinstance(field, models.ForeignKey) and field.related_model is not User:
            related = {f.name: f for f in field.related_model._meta.fields}
            parent = related.get("school")
            if isinstance(parent, models.ForeignKey) and parent.related_model is School:
                return f"{field.name}__school"
    return None


def _date_field(model) -> models.Field | None:
    fields = {f.name: f for f in model._meta.fields}
    for name in DATE_FIELDS:
        field = fields.get(name)
        if isinstance(field, models.DateField):
            return field
    return None


def export_tables(
    school: School, date_from, date_to
) -> list[tuple[str, models.QuerySet]]:
    """Every table of the school's data with its queryset, in a stable order."""
    tables = []
    for app in EXPORT_APPS:
        for model in apps.get_app_config(app).get_models():
            path = _school_path(model)
            if path is None:
                continue
            value = school.pk if path == "pk" else school
            queryset = model._default_manager.filter(**{path: value})
            field = _date_field(model)
            if field is not None:
                lookup = field.name
                if isinstance(field, models.DateTimeField):
                    lookup += "__date"
                queryset = queryset.filter(**{f"{lookup}__range": (date_from, date_to)})
            tables.append((model._meta.label_lower, queryset.distinct().order_by("pk")))
    return tables


def _cell(value):
    """A value for a spreadsheet cell; text never starts a formula."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).replace(tzinfo=None)
    if isinstance(value, datetime.date):
        return value
    text = value if isinstance(value, str) else json.dumps(value, cls=DjangoJSONEncoder)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        text = "'" + text
    return text


def _rows(queryset):
    fields = [
        f for f in queryset.model._meta.concrete_fields if f.name not in SECRET_FIELDS
    ]
    for obj in queryset.iterator(chunk_size=2000):
        yield {f.attname: f.value_from_object(obj) for f in fields}


def export_run(*, job_id: int) -> ExportJob | None:
    """Build the ZIP; safe to run twice (a finished job is left as it is)."""
    job = ExportJob.objects.select_related("school").filter(pk=job_id).first()
    if job is None or job.status == ExportStatus.DONE:
        return job
    tables = export_tables(job.school, job.date_from, job.date_to)
    job.status, job.tables_total, job.tables_done, job.rows = (
        ExportStatus.RUNNING,
        len(tables),
        0,
        0,
    )
    job.save(update_fields=["status", "tables_total", "tables_done", "rows"])
    folder = Path(settings.EXPORT_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    name = f"export-{job.school.code}-{job.date_from}-{job.date_to}-{job.pk}.zip"
    partial = folder / f".{name}.partial"
    try:
        _write_zip(job, tables, partial)
        os.replace(partial, folder / name)
    except Exception as error:
        partial.unlink(missing_ok=True)
        job.status, job.error = ExportStatus.FAILED, str(error)[:2000]
        job.save(update_fields=["status", "error"])
        raise
    job.status, job.file_name, job.finished_at = ExportStatus.DONE, name, timezone.now()
    job.save(update_fields=["status", "file_name", "finished_at"])
    events.export_finished(
        school=job.school, job=job.pk, tables=job.tables_total, rows=job.rows
    )
    return job


def _write_zip(job: ExportJob, tables, path: Path) -> None:
    book = Workbook(write_only=True)
    used: set[str] = set()
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "README.txt",
            README.format(
                school=job.school.name, date_from=job.date_from, date_to=job.date_to
            ),
        )
        for label, queryset in tables:
            sheet_name = label[-31:]
            while sheet_name in used:
                sheet_name = sheet_name[1:]
            used.add(sheet_name)
            sheet = book.create_sheet(sheet_name)
            header = None
            count = 0
            with archive.open(f"json/{label}.json", "w") as handle:
                handle.write(b"[")
                for row in _rows(queryset):
                    if header is None:
                        header = list(row)
                        sheet.append(header)
                    sheet.append([_cell(v) for v in row.values()])
                    record = {"model": label, "pk": row.get("id"), "fields": row}
                    handle.write((b"," if count else b"") + b"\n")
                    handle.write(
                        json.dumps(
                            record, cls=DjangoJSONEncoder, ensure_ascii=False
                        ).encode()
                    )
                    count += 1
                handle.write(b"\n]\n")
            job.rows += count
            job.tables_done += 1
            job.save(update_fields=["tables_done", "rows"])
        sheet_file = path.with_suffix(".xlsx")
        try:
            book.save(sheet_file)
            archive.write(sheet_file, "export.xlsx")
        finally:
            sheet_file.unlink(missing_ok=True)
