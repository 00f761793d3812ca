"""The correction request and the deputy's decision (C7)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from journal.forms.lessons import pupil_field
from journal.models import AttendanceValue

KIND_REQUIRED = _("Choose the kind of work whose mark is to change.")
BAD_ATTENDANCE = _("Attendance is one of н, б, у, оп, or empty to clear it.")


class CorrectionForm(forms.Form):
    """One change of «Замена сведений в ЭЖ», its wording and reason (003 §2.3.4.1)."""

    TARGETS = [("mark", _("mark")), ("attendance", _("attendance"))]

    student = forms.ModelChoiceField(label=_("Pupil"), queryset=None)
    target = forms.ChoiceField(label=_("What to change"), choices=TARGETS)
    work_kind = forms.ModelChoiceField(
        label=_("Kind of work"), queryset=None, required=False
    )
    value = forms.CharField(
        label=_("New value"),
        max_length=16,
        required=False,
        help_text=_("Empty to remove the mark or the absence."),
    )
    changes_text = forms.CharField(
        label=_("Changes to make"), widget=forms.Textarea(attrs={"rows": 2})
    )
    reason = forms.CharField(
        label=_("Reason for the change"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, pupils=(), work_kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"] = pupil_field(list(pupils))
        self.fields["work_kind"].queryset = work_kinds

    def clean(self):
        data = super().clean()
        value = (data.get("value") or "").strip()
        data["value"] = value
        if data.get("target") == "mark" and not data.get("work_kind"):
            self.add_error("work_kind", KIND_REQUIRED)
        if (
            data.get("target") == "attendance"
            and value
            and value not in AttendanceValue.values
        ):
            self.add_error("value", BAD_ATTENDANCE)
        return data

    def change(self) -> dict:
        data = self.cleaned_data
        change = {
            "target": data["target"],
            "student": data["student"].pk,
            "value": data["value"],
        }
        if data["target"] == "mark":
            change["work_kind"] = data["work_kind"].pk
        return change


class DecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        choices=[("1", _("Approve")), ("0", _("Reject"))],
        coerce=lambda v: v == "1",
    )
    comment = forms.CharField(
        label=_("Decision comment (required to reject)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
