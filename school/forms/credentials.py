"""Parsing of the bulk credentials page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..selectors.credentials import (
    AUDIENCE_BOTH,
    AUDIENCE_GUARDIANS,
    AUDIENCE_STUDENTS,
)

STAFF_TARGET = "staff"

AUDIENCE_CHOICES = [
    (AUDIENCE_STUDENTS, _("Pupils")),
    (AUDIENCE_GUARDIANS, _("Parents")),
    (AUDIENCE_BOTH, _("Pupils and parents")),
]
CONFIRM_REISSUE = _(
    "Tick the confirmation as well: new passwords make the old ones stop working."
)


class CredentialsIssueForm(forms.Form):
    target = forms.ChoiceField(label=_("For whom"))
    audience = forms.ChoiceField(
        label=_("Who gets a slip"),
        choices=AUDIENCE_CHOICES,
        initial=AUDIENCE_BOTH,
        widget=forms.RadioSelect,
        help_text=_("For the staff this choice does not matter."),
    )
    reissue = forms.BooleanField(
        label=_("Also issue new passwords to those who already have them"),
        required=False,
    )
    confirm_reissue = forms.BooleanField(
        label=_(
            "Yes, issue new passwords to those who already have them — "
            "their old passwords will stop working"
        ),
        required=False,
    )

    def __init__(self, *args, classes=(), staff: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(c.pk), _("Class %(name)s") % {"name": c.name}) for c in classes]
        if staff:
            choices.append((STAFF_TARGET, _("Staff")))
        self.fields["target"].choices = choices

    def clean(self):
        data = super().clean()
        if data.get("reissue") and not data.get("confirm_reissue"):
            self.add_error("confirm_reissue", CONFIRM_REISSUE)
        return data
