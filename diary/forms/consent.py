"""Forms of the paper application, the consent sheet and its revocation (A5)."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from diary.models import CONSENT_ACTIONS, CONSENT_CATEGORY_GROUPS, DeliveryForm

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _numbered(items):
    """Items labelled with their number on the paper sheet: «4.3. Progress»."""
    return [(code, format_lazy("{}. {}", code, label)) for code, label in items]


class ApplicationForm(forms.Form):
    submitted_on = forms.DateField(
        label=_("Date of the application"), widget=DATE_WIDGET
    )
    access_parent = forms.BooleanField(
        label=_("Access level «Parent» for the applicant"), required=False
    )
    access_student = forms.BooleanField(
        label=_("Access level «Student» for the child"), required=False
    )
    delivery = forms.ChoiceField(
        label=_("Information on the child's results"),
        choices=DeliveryForm.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Paper or e-mail at least once a week for parents who cannot or do not "
            "want to use the electronic diary."
        ),
    )
    sms_marks = forms.BooleanField(label=_("SMS about new marks"), required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    scope = forms.CharField(
        label=_("Scope of information requested"), max_length=300, required=False
    )


class ConsentForm(forms.Form):
    number = forms.CharField(label=_("Sheet number"), max_length=32, required=False)
    signer_name = forms.CharField(
        label=_("Legal representative (full name, as on the sheet)"), max_length=300
    )
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE_WIDGET)
    categories = forms.MultipleChoiceField(
        label=_("I. Personal data the consent covers"),
        choices=[(group, _numbered(items)) for group, items in CONSENT_CATEGORY_GROUPS],
        widget=forms.CheckboxSelectMultiple,
    )
    actions = forms.MultipleChoiceField(
        label=_("II. Actions with these data"),
        choices=_numbered(CONSENT_ACTIONS),
        widget=forms.CheckboxSelectMultiple,
    )


class RevokeForm(forms.Form):
    received_on = forms.DateField(
        label=_("Written revocation received on"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_("Leave empty for today."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that deliveries stop now and the data is destroyed."),
    )
