"""Forms of the lesson, correction-request and period-marks pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from school.models import Student

from .models import AttendanceValue

TOPIC_OR_PLAN = _("Choose a topic from the plan or type it.")
KIND_REQUIRED = _("Choose the kind of work whose mark is to change.")
BAD_ATTENDANCE = _("Attendance is one of н, б, у, оп, or empty to clear it.")


class PupilChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.user.get_full_name()


def _pupil_field(pupils, label=None):
    queryset = Student.objects.filter(pk__in=[p.pk for p in pupils])
    return PupilChoiceField(
        label=label or _("Pupil"),
        queryset=queryset.select_related("user").order_by(
            "user__last_name", "user__first_name"
        ),
    )


class LessonRecordForm(forms.Form):
    plan_item = forms.ModelChoiceField(
        label=_("Topic from the plan (КТП)"), queryset=None, required=False
    )
    topic = forms.CharField(
        label=_("Or type the topic"), max_length=500, required=False
    )
    material = forms.CharField(
        label=_("Material covered"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, plan_items=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["plan_item"]
        field.queryset = plan_items
        field.label_from_instance = lambda item: f"{item.number}. {item.topic}"

    def clean(self):
        data = super().clean()
        if not data.get("plan_item") and not (data.get("topic") or "").strip():
            raise forms.ValidationError(TOPIC_OR_PLAN)
        return data


class HomeworkForm(forms.Form):
    text = forms.CharField(
        label=_("Homework for the class"), widget=forms.Textarea(attrs={"rows": 2})
    )
    attachment = forms.FileField(
        label=_("File (optional)"),
        required=False,
        help_text=_("A document, picture or archive up to 10 MB."),
    )
    remove_attachment = forms.BooleanField(
        label=_("Remove the attached file"), required=False
    )


class PupilTextForm(forms.Form):
    """Individual homework or a comment to parents, for one pupil."""

    student = forms.ModelChoiceField(label=_("Pupil"), queryset=None)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, pupils=(), text_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"] = _pupil_field(list(pupils))
        if text_label:
            self.fields["text"].label = text_label


class PersonalHomeworkForm(PupilTextForm):
    """One pupil's homework, with an optional file."""

    attachment = forms.FileField(
        label=_("File (optional)"),
        required=False,
        help_text=_("A document, picture or archive up to 10 MB."),
    )


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
        self.fields["student"] = _pupil_field(list(pupils))
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
