"""Parsing and validation of the tenancy and accounts pages."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from ..models import School, WorkKind


class LoginForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Login")
        self.fields["password"].label = _("Password")

    error_messages = {
        "invalid_login": _(
            "Wrong login or password. Both are case-sensitive; check the keyboard "
            "layout and Caps Lock."
        ),
        "inactive": _("This account is disabled. Ask your school's administrator."),
    }

    def clean_username(self):
        # AuthenticationForm sets max_length without its validator: a longer
        # name would reach the lockout's 255-character column and answer 500.
        username = self.cleaned_data["username"]
        if len(username) > self.fields["username"].max_length:
            raise forms.ValidationError(
                self.error_messages["invalid_login"], code="invalid_login"
            )
        return username


class SchoolSettingsForm(forms.ModelForm):
    class Meta:
        model = School
        fields = [
            "name",
            "short_name",
            "address",
            "time_zone",
            "edit_window_days",
            "homework_deadline_hours",
            "default_grading_scale",
            "two_factor_required",
            "default_work_kind",
            "diary_requires_consent",
        ]
        # Russian decimals: "1,5" hours.
        localized_fields = ["homework_deadline_hours"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the school's own kinds in use.
        kinds = WorkKind.objects.none()
        if self.instance.pk is not None:
            kinds = WorkKind.objects.for_school(self.instance).filter(is_active=True)
        self.fields["default_work_kind"].queryset = kinds


def _event_kind_choices():
    from ..event_log import EVENT_KINDS, EVENT_LABELS

    choices = [("", _("all events"))]
    for family, family_label in EVENT_KINDS.items():
        codes = sorted(
            (code for code in EVENT_LABELS if code.split(".")[0] == family),
            key=lambda code: str(EVENT_LABELS[code]),
        )
        group = [(f"{family}.", _("all of them"))]
        group += [(code, EVENT_LABELS[code]) for code in codes]
        choices.append((family_label, group))
    return choices


class EventFilterForm(forms.Form):
    code = forms.ChoiceField(
        label=_("Kind of event"), required=False, choices=_event_kind_choices
    )
    person = forms.CharField(
        label=_("Person (login or surname)"), required=False, max_length=150
    )
    date_from = forms.DateField(
        label=_("Events from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=_("Events until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
