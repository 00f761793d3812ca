"""Parsing of the topic-plan and control-work pages."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import uploads
from ..models import AcademicYear, School, StudyGroup, Subject, WorkKind

NOT_XLSX_NAME = _("Choose an Excel file with the .xlsx extension.")


class PlanItemForm(forms.Form):
    number = forms.IntegerField(
        label=_("No."),
        min_value=1,
        max_value=32767,
        required=False,
        help_text=_("Leave empty to add the lesson at the end of the plan."),
    )
    section = forms.CharField(label=_("Section"), max_length=300, required=False)
    topic = forms.CharField(label=_("Lesson topic"), max_length=500)
    hours = forms.IntegerField(
        label=_("Hours"), min_value=1, max_value=32767, initial=1
    )
    planned_on = forms.DateField(label=_("Planned date"), required=False)

    def __init__(self, *args, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["number"].required = True
            self.fields["number"].help_text = ""


class PlanImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_(
            "Columns: «№», «Раздел», «Тема урока», «Часы», «Дата» (dd.mm.yyyy, "
            "may be empty). The file replaces the whole plan."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(NOT_XLSX_NAME)
        uploads.ensure_size(upload)
        return upload


class PlanCopyForm(forms.Form):
    source = forms.TypedChoiceField(label=_("Copy the plan of"), coerce=int)
    shift_dates_to = forms.DateField(
        label=_("First lesson on or after"),
        required=False,
        help_text=_(
            "Dates move by whole weeks, keeping the weekdays. Leave empty to copy "
            "the plan without dates."
        ),
    )
    replace = forms.BooleanField(label=_("Replace the current plan"), required=False)

    def __init__(self, *args, sources=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [(s.group.pk, source_label(s)) for s in sources]


def source_label(source) -> str:
    label = _("%(group)s, %(year)s — %(count)s lessons") % {
        "group": source.group.name,
        "year": source.group.year.name,
        "count": source.count,
    }
    return str(label)


class ControlWorkForm(forms.Form):
    date = forms.DateField(label=_("Date"))
    group = forms.ModelChoiceField(label=_("Class or group"), queryset=None)
    subject = forms.ModelChoiceField(label=_("Subject"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=300)
    work_kind = forms.ModelChoiceField(
        label=_("Kind of work"), queryset=None, required=False
    )
    lesson_number = forms.IntegerField(
        label=_("Lesson number"), min_value=0, max_value=12, required=False
    )

    def __init__(self, *args, school: School, year: AcademicYear, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = StudyGroup.objects.for_school(school).filter(
            year=year
        )
        self.fields["subject"].queryset = Subject.objects.for_school(school).filter(
            is_active=True
        )
        self.fields["work_kind"].queryset = WorkKind.objects.for_school(school).filter(
            is_active=True
        )


def parse_month(value: str | None, today: datetime.date) -> datetime.date:
    """The first day of the month given as YYYY-MM; this month when absent or bad."""
    try:
        year, month = (int(p) for p in (value or "").split("-"))
        return datetime.date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


def month_end(first: datetime.date) -> datetime.date:
    following = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


def month_step(first: datetime.date, step: int) -> datetime.date:
    if step > 0:
        return month_end(first) + datetime.timedelta(days=1)
    return (first - datetime.timedelta(days=1)).replace(day=1)
