"""Period, year, exam and final marks forms (C9)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class PeriodMarksForm(forms.Form):
    """A period mark and a «deferred (illness)» box per pupil."""

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        for row in self.rows:
            pk = row.student.pk
            current = row.period_mark
            self.fields[f"mark_{pk}"] = forms.CharField(
                label=row.student.user.get_full_name(),
                max_length=16,
                required=False,
                initial=current.value if current else "",
                widget=forms.TextInput(attrs={"size": 3}),
            )
            self.fields[f"defer_{pk}"] = forms.BooleanField(
                label=_("defer (illness)"),
                required=False,
                initial=bool(current and current.is_deferred),
            )

    def attach(self) -> None:
        """Give each row its bound fields, so the table shows posted values."""
        for row in self.rows:
            pk = row.student.pk
            row.field, row.defer_field = self[f"mark_{pk}"], self[f"defer_{pk}"]

    def changed_pupils(self):
        """(row, value, deferred) of the pupils whose entry was changed."""
        for row in self.rows:
            pk = row.student.pk
            value = (self.cleaned_data.get(f"mark_{pk}") or "").strip()
            deferred = bool(self.cleaned_data.get(f"defer_{pk}"))
            current = row.period_mark
            saved = (current.value, current.is_deferred) if current else ("", False)
            if (value, deferred) != saved:
                yield row, value, deferred


class FinalMarksForm(forms.Form):
    """Year, exam and final marks per pupil, and «deferred (illness)» for the final."""

    KINDS = ("year", "exam", "final")

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        for row in self.rows:
            pk = row.student.pk
            for kind in self.KINDS:
                current = row.current.get(kind)
                self.fields[f"{kind}_{pk}"] = forms.CharField(
                    label=row.student.user.get_full_name(),
                    max_length=16,
                    required=False,
                    initial=current.value if current else "",
                    widget=forms.TextInput(attrs={"size": 3}),
                )
            final = row.current.get("final")
            self.fields[f"defer_{pk}"] = forms.BooleanField(
                label=_("defer (illness)"),
                required=False,
                initial=bool(final and final.is_deferred),
            )

    def attach(self) -> None:
        for row in self.rows:
            pk = row.student.pk
            row.fields = [self[f"{kind}_{pk}"] for kind in self.KINDS]
            row.defer_field = self[f"defer_{pk}"]

    def changes(self):
        """(row, kind, value, deferred) of every entry that differs from the saved."""
        for row in self.rows:
            pk = row.student.pk
            for kind in self.KINDS:
                value = (self.cleaned_data.get(f"{kind}_{pk}") or "").strip()
                deferred = kind == "final" and bool(
                    self.cleaned_data.get(f"defer_{pk}")
                )
                current = row.current.get(kind)
                saved = (current.value, current.is_deferred) if current else ("", False)
                if (value, deferred) != saved:
                    yield row, kind, value, deferred
