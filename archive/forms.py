"""The export form of the sysadmin's page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ExportForm(forms.Form):
    date_from = forms.DateField(
        label=_("From day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To day"), widget=forms.DateInput(attrs={"type": "date"})
    )
