"""Parsing of the compromise report pages."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from school.models import User

SINCE_HELP = _(
    "If you know when the password became known to someone else, give the time: "
    "everything done under the account from then on is reviewed. Empty — from now."
)


class CompromiseSelfForm(forms.Form):
    since = forms.DateTimeField(
        label=_("Compromised since"),
        required=False,
        help_text=SINCE_HELP,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"],
    )
    confirm = forms.BooleanField(
        label=_("I understand that the account is locked at once and I am logged out."),
    )

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.school = school

    def clean_since(self) -> datetime.datetime | None:
        value = self.cleaned_data["since"]
        if value is not None and self.school is not None:
            # Typed on the school's clock, whatever the server's zone.
            value = value.replace(tzinfo=None).replace(tzinfo=self.school.tzinfo)
        return value


class CompromiseCreateForm(CompromiseSelfForm):
    user = forms.ModelChoiceField(label=_("Account"), queryset=User.objects.none())

    field_order = ["user", "since", "confirm"]

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, school=school, **kwargs)
        self.fields["user"].queryset = (
            User.objects.filter(memberships__school=school)
            .distinct()
            .order_by("last_name", "first_name", "username")
        )
        self.fields["confirm"].label = _(
            "The person reported the compromise; lock the account now."
        )
