"""Parsing of one grid cell entry: which lesson, which pupil, what was typed."""

from __future__ import annotations

from django import forms

from journal.models import AttendanceValue
from school.models import SpecialMark

# What the teacher may type in lower case for a special mark («д» → «Д»).
SPECIAL_MARKS = {value.lower(): value for value in SpecialMark.values}
ATTENDANCE = {value.lower(): value for value in AttendanceValue.values}


class CellForm(forms.Form):
    group = forms.IntegerField(min_value=1)
    subject = forms.IntegerField(min_value=1)
    date = forms.DateField(input_formats=["%Y-%m-%d"])
    lesson_number = forms.IntegerField(min_value=0, max_value=20)
    student = forms.IntegerField(min_value=1)
    kind = forms.IntegerField(min_value=1, required=False)
    value = forms.CharField(max_length=100, required=False, strip=True)
    comment = forms.CharField(max_length=200, required=False, strip=True)


class CellRefForm(forms.Form):
    """Which cell: a pupil at a lesson of a group and subject."""

    group = forms.IntegerField(min_value=1)
    subject = forms.IntegerField(min_value=1)
    date = forms.DateField(input_formats=["%Y-%m-%d"])
    lesson_number = forms.IntegerField(min_value=0, max_value=20)
    student = forms.IntegerField(min_value=1)


def parse_entries(value: str) -> list[tuple[str, str]]:
    """«5», «н», «5 н» → [("mark", "5"), ("attendance", "н")]; empty → clear."""
    entries = []
    for token in value.split():
        low = token.lower()
        if low in ATTENDANCE:
            entries.append(("attendance", ATTENDANCE[low]))
        else:
            entries.append(("mark", SPECIAL_MARKS.get(low, token)))
    return entries
