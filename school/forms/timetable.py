"""Parsing and validation of the timetable pages' input."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ..models import (
    AcademicYear,
    ChangeKind,
    Room,
    School,
    StudyGroup,
    Subject,
    TimetableEntry,
    Weekday,
)
from ..selectors.timetable import staff_list

BELL_ROWS = range(1, 9)
BELL_NEEDS_BOTH = _("Enter both the start and the end of lesson %(number)s.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


class TimetableEntryForm(forms.Form):
    weekday = forms.TypedChoiceField(
        label=_("Weekday"), choices=Weekday.choices, coerce=int
    )
    lesson_number = forms.IntegerField(
        label=_("Lesson number"), min_value=1, max_value=12
    )
    group = forms.ModelChoiceField(label=_("Class or group"), queryset=None)
    subject = forms.ModelChoiceField(label=_("Subject"), queryset=None)
    teacher = StaffChoiceField(label=_("Teacher"), queryset=None)
    room = forms.ModelChoiceField(label=_("Room"), queryset=None, required=False)
    starts_on = forms.DateField(label=_("Valid from"), widget=DateInput())
    ends_on = forms.DateField(
        label=_("Valid until"),
        widget=DateInput(),
        required=False,
        help_text=_("Leave empty if the lesson stays until the end of the year."),
    )

    def __init__(self, *args, school: School, year: AcademicYear | None, **kwargs):
        super().__init__(*args, **kwargs)
        groups = StudyGroup.objects.for_school(school).select_related("school_class")
        self.fields["group"].queryset = (
            groups.filter(year=year) if year else groups.none()
        )
        self.fields["subject"].queryset = Subject.objects.for_school(school).filter(
            is_active=True
        )
        self.fields["teacher"].queryset = staff_list(school)
        self.fields["room"].queryset = Room.objects.for_school(school).filter(
            is_active=True
        )


class TimetableEntryEndForm(forms.Form):
    ends_on = forms.DateField(label=_("Last day of the lesson"), widget=DateInput())


class TimetableChangeForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What changes"), choices=ChangeKind.choices, widget=forms.RadioSelect
    )
    new_teacher = StaffChoiceField(
        label=_("Substitute teacher"), queryset=None, required=False
    )
    new_room = forms.ModelChoiceField(
        label=_("New room"), queryset=None, required=False
    )
    new_date = forms.DateField(
        label=_("Moved to date"), widget=DateInput(), required=False
    )
    new_lesson_number = forms.IntegerField(
        label=_("Moved to lesson number"), min_value=1, max_value=12, required=False
    )
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def __init__(self, *args, entry: TimetableEntry, **kwargs):
        super().__init__(*args, **kwargs)
        school = entry.school
        self.fields["new_teacher"].queryset = staff_list(school).exclude(
            pk=entry.teacher_id
        )
        self.fields["new_room"].queryset = Room.objects.for_school(school).filter(
            is_active=True
        )


class BellScheduleForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    is_default = forms.BooleanField(
        label=_("Used for the timetable"),
        required=False,
        help_text=_("Only one bell schedule of the school is used at a time."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number in BELL_ROWS:
            self.fields[f"start_{number}"] = forms.TimeField(
                label=_("Start"), required=False, widget=TimeInput()
            )
            self.fields[f"end_{number}"] = forms.TimeField(
                label=_("End"), required=False, widget=TimeInput()
            )

    @staticmethod
    def initial_for(schedule) -> dict:
        initial = {"name": schedule.name, "is_default": schedule.is_default}
        for bell in schedule.bells.all():
            initial[f"start_{bell.number}"] = bell.starts_at
            initial[f"end_{bell.number}"] = bell.ends_at
        return initial

    def rows(self):
        """(number, start field, end field) for the template."""
        return [
            (number, self[f"start_{number}"], self[f"end_{number}"])
            for number in BELL_ROWS
        ]

    def clean(self):
        data = super().clean()
        bells = []
        for number in BELL_ROWS:
            start, end = data.get(f"start_{number}"), data.get(f"end_{number}")
            if start and end:
                bells.append((number, start, end))
            elif start or end:
                raise ValidationError(BELL_NEEDS_BOTH % {"number": number})
        data["bells"] = bells
        return data
