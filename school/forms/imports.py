"""Parsing of the import upload form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import uploads
from ..models import ImportKind


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"))
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "An Excel workbook (.xlsx) or a CSV file; the first row holds the column "
            "headers."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (k, ImportKind(k).label.capitalize()) for k in kinds
        ]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        uploads.ensure_size(upload)
        return upload
