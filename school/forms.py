"""Parsing and validation of the tenancy and accounts pages."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .models import School


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
        ]
        # Russian decimals: "1,5" hours.
        localized_fields = ["homework_deadline_hours"]


class EventFilterForm(forms.Form):
    code = forms.CharField(label=_("Event code starts with"), required=False)
    day = forms.DateField(label=_("Day"), required=False)
