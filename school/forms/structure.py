"""Parsing and validation of the school-structure pages (B1–B4, B7–B9)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from ..models import (
    GradingScaleKind,
    GroupKind,
    HolidayKind,
    IndividualPlan,
    PeriodKind,
    Position,
    Relation,
    Student,
    SubjectComponent,
)
from ..models.people import Gender

PERIOD_ROWS = 4
PERIOD_ROW_INCOMPLETE = _("Fill in the name and both dates of each period, or none.")
PERIODS_NEEDED = _("Enter at least one period.")
RECORD_NUMBER_TAKEN = _(
    "A pupil with this personal file number is already on the roll."
)
DATE_OUTSIDE_YEAR = _("The date must lie within the academic year.")
GRADES_REVERSED = _("The last grade must not be lower than the first.")
PLAN_EXISTS = _("The pupil is already on an individual study plan this year.")


class DateInput(forms.DateInput):
    """The browser's date picker; typed dd.mm.yyyy is accepted too."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def date_field(label, required=True):
    return forms.DateField(label=label, required=required, widget=DateInput())


def grade_field(label, initial=None):
    return forms.IntegerField(
        label=label,
        initial=initial,
        validators=[MinValueValidator(1), MaxValueValidator(11)],
    )


class GradeBandMixin:
    def clean(self):
        data = super().clean()
        low, high = data.get("grade_from"), data.get("grade_to")
        if low and high and high < low:
            self.add_error("grade_to", GRADES_REVERSED)
        return data


class YearDatesMixin:
    """Dates named in year_date_fields must fall inside the year given to the form."""

    year_date_fields: tuple[str, ...] = ()

    def __init__(self, *args, year=None, **kwargs):
        self.year = year
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        for name in self.year_date_fields:
            day = data.get(name)
            if self.year is not None and day and not self.year.contains(day):
                self.add_error(name, DATE_OUTSIDE_YEAR)
        return data


# --- Calendar --------------------------------------------------------------------


class PeriodSchemeForm(GradeBandMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind of periods"), choices=PeriodKind.choices)
    grade_from = grade_field(_("From grade"), 1)
    grade_to = grade_field(_("To grade"), 11)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for row in range(1, PERIOD_ROWS + 1):
            self.fields[f"period{row}_name"] = forms.CharField(
                label=_("Period name"), max_length=100, required=False
            )
            self.fields[f"period{row}_start"] = date_field(_("Starts on"), False)
            self.fields[f"period{row}_end"] = date_field(_("Ends on"), False)

    def period_rows(self):
        """Bound fields grouped by row, for the template's table."""
        return [
            [self[f"period{row}_{part}"] for part in ("name", "start", "end")]
            for row in range(1, PERIOD_ROWS + 1)
        ]

    def clean(self):
        data = super().clean()
        periods = []
        for row in range(1, PERIOD_ROWS + 1):
            values = [data.get(f"period{row}_{p}") for p in ("name", "start", "end")]
            if any(values) and not all(values):
                self.add_error(f"period{row}_name", PERIOD_ROW_INCOMPLETE)
            elif all(values):
                periods.append(tuple(values))
        if not periods and not self.errors:
            raise forms.ValidationError(PERIODS_NEEDED)
        data["periods"] = periods
        return data


class HolidayForm(GradeBandMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=HolidayKind.choices)
    name = forms.CharField(label=_("Name"), max_length=100)
    starts_on = date_field(_("Starts on"))
    ends_on = date_field(_("Ends on"))
    grade_from = grade_field(_("From grade"), 1)
    grade_to = grade_field(_("To grade"), 11)


# --- Reference lists ---------------------------------------------------------------


class SubjectForm(forms.Form):
    name = forms.CharField(label=_("Subject"), max_length=200)
    short_name = forms.CharField(label=_("Short name"), max_length=50, required=False)
    component = forms.ChoiceField(
        label=_("Component"), choices=SubjectComponent.choices
    )


class SubjectEditForm(SubjectForm):
    is_active = forms.BooleanField(label=_("In use"), required=False)


class RoomForm(forms.Form):
    name = forms.CharField(label=_("Room"), max_length=50)
    capacity = forms.IntegerField(
        label=_("Seats"), required=False, min_value=1, max_value=999
    )


class GradingScaleForm(GradeBandMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=GradingScaleKind.choices)
    grade_from = grade_field(_("From grade"), 1)
    grade_to = grade_field(_("To grade"), 11)
    values = forms.CharField(
        label=_("Marks, from worst to best"),
        required=False,
        help_text=_("Separated by commas. Leave empty for the standard marks."),
    )
    pass_threshold = forms.CharField(
        label=_("Lowest passing mark"), max_length=16, required=False
    )

    def clean_values(self):
        text = self.cleaned_data["values"].strip()
        if not text:
            return None
        return [part.strip() for part in text.split(",") if part.strip()]

    def clean_pass_threshold(self):
        return self.cleaned_data["pass_threshold"].strip() or None


class WorkKindForm(forms.Form):
    name = forms.CharField(label=_("Kind of work"), max_length=100)
    short_name = forms.CharField(label=_("Short name"), max_length=20, required=False)
    weight = forms.DecimalField(
        label=_("Weight"),
        max_digits=4,
        decimal_places=2,
        min_value=Decimal("0.1"),
        max_value=10,
        initial=Decimal("1"),
        localize=True,
    )
    deadline_days = forms.IntegerField(
        label=_("Marks due within, days"), required=False, min_value=0, max_value=60
    )
    is_control = forms.BooleanField(label=_("Control work"), required=False)


# --- Staff -----------------------------------------------------------------------


class PersonNameForm(forms.Form):
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150)
    patronymic = forms.CharField(label=_("Patronymic"), max_length=150, required=False)


class PersonEditForm(PersonNameForm):
    email = forms.EmailField(label=_("E-mail"), required=False)


class StaffHireForm(PersonNameForm):
    position = forms.ChoiceField(label=_("Position"), choices=Position.choices)
    hired_on = date_field(_("Hired on"))
    hire_order = forms.CharField(label=_("Hire order"), max_length=50, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)


class StaffDismissForm(forms.Form):
    dismissed_on = date_field(_("Dismissed on"))
    dismissal_order = forms.CharField(label=_("Dismissal order"), max_length=50)


# --- Classes, pupils, parents ---------------------------------------------------


class SchoolClassForm(forms.Form):
    grade = grade_field(_("Grade"))
    letter = forms.CharField(label=_("Letter"), max_length=4)
    class_teacher = forms.ModelChoiceField(
        label=_("Class teacher"), queryset=None, required=False
    )
    days_per_week = forms.TypedChoiceField(
        label=_("School days a week"), choices=[(5, "5"), (6, "6")], coerce=int
    )
    shift = forms.TypedChoiceField(
        label=_("Shift"), choices=[(1, _("first")), (2, _("second"))], coerce=int
    )

    def __init__(self, *args, teachers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["class_teacher"].queryset = teachers


class StudentAdmitForm(YearDatesMixin, PersonNameForm):
    year_date_fields = ("starts_on",)

    birth_date = date_field(_("Date of birth"), False)
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", "—"), *Gender.choices], required=False
    )
    record_number = forms.CharField(label=_("Personal file number"), max_length=50)
    starts_on = date_field(_("Admitted from"))
    order = forms.CharField(label=_("Order number"), max_length=50)
    order_date = date_field(_("Order date"))

    def __init__(self, *args, school, **kwargs):
        self.school = school
        super().__init__(*args, **kwargs)

    def clean_record_number(self):
        number = self.cleaned_data["record_number"].strip()
        if Student.objects.for_school(self.school).filter(record_number=number):
            raise forms.ValidationError(RECORD_NUMBER_TAKEN)
        return number


class StudentTransferForm(YearDatesMixin, forms.Form):
    year_date_fields = ("on",)

    to_class = forms.ModelChoiceField(label=_("To class"), queryset=None)
    on = date_field(_("In the new class from"))
    order = forms.CharField(label=_("Order number"), max_length=50)
    order_date = date_field(_("Order date"))

    def __init__(self, *args, classes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_class"].queryset = classes


class StudentLeaveForm(forms.Form):
    last_day = date_field(_("Last day at school"))
    order = forms.CharField(label=_("Order number"), max_length=50)
    order_date = date_field(_("Order date"))


class ClassTeacherForm(forms.Form):
    teacher = forms.ModelChoiceField(
        label=_("Class teacher"), queryset=None, required=False, empty_label="—"
    )

    def __init__(self, *args, teachers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teacher"].queryset = teachers
        self.fields["teacher"].label_from_instance = lambda u: u.get_full_name()


class IndividualPlanForm(forms.Form):
    basis = forms.CharField(label=_("Basis (order, decision)"), max_length=200)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, year=None, student=None, **kwargs):
        self.year, self.student = year, student
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        plans = IndividualPlan.objects.filter(year=self.year, student=self.student)
        if self.year is not None and plans.exists():
            raise forms.ValidationError(PLAN_EXISTS)
        return data


class GuardianLinkForm(PersonNameForm):
    relation = forms.ChoiceField(label=_("Relation"), choices=Relation.choices)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)


# --- Groups ----------------------------------------------------------------------


class StudyGroupForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"))
    name = forms.CharField(label=_("Name"), max_length=100)
    grade = grade_field(_("Grade"))
    school_class = forms.ModelChoiceField(
        label=_("Class"), queryset=None, required=False
    )
    subject = forms.ModelChoiceField(label=_("Subject"), queryset=None, required=False)

    def __init__(self, *args, kinds, classes, subjects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (k, label) for k, label in GroupKind.choices if k in kinds
        ]
        self.fields["school_class"].queryset = classes
        self.fields["subject"].queryset = subjects
        self.fields["grade"].required = False

    def clean(self):
        data = super().clean()
        if not data.get("grade") and data.get("school_class"):
            data["grade"] = data["school_class"].grade
        if not data.get("grade") and "grade" not in self.errors:
            self.add_error("grade", forms.Field.default_error_messages["required"])
        return data


class GroupMemberAddForm(forms.Form):
    student = forms.ModelChoiceField(label=_("Pupil"), queryset=None)
    starts_on = date_field(_("From"))
    ends_on = date_field(_("Until"), False)

    def __init__(self, *args, students, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"].queryset = students
        self.fields["student"].label_from_instance = lambda s: s.user.get_full_name()


class EndDateForm(forms.Form):
    ends_on = date_field(_("Last day"))


# --- Curriculum and load -------------------------------------------------------


class CurriculumLineForm(forms.Form):
    subject = forms.ModelChoiceField(label=_("Subject"), queryset=None)
    grade = grade_field(_("Grade"))
    hours_per_week = forms.DecimalField(
        label=_("Hours a week"),
        max_digits=4,
        decimal_places=1,
        min_value=Decimal("0.5"),
        max_value=20,
        localize=True,
    )

    def __init__(self, *args, subjects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = subjects


class TeachingAssignmentForm(YearDatesMixin, forms.Form):
    year_date_fields = ("starts_on", "ends_on")

    teacher = forms.ModelChoiceField(label=_("Teacher"), queryset=None)
    subject = forms.ModelChoiceField(label=_("Subject"), queryset=None)
    group = forms.ModelChoiceField(label=_("Group"), queryset=None)
    hours_per_week = forms.DecimalField(
        label=_("Hours a week"),
        max_digits=4,
        decimal_places=1,
        min_value=Decimal("0.5"),
        max_value=40,
        localize=True,
    )
    starts_on = date_field(_("From"))
    ends_on = date_field(_("Until"), False)

    def __init__(self, *args, teachers, subjects, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teacher"].queryset = teachers
        self.fields["teacher"].label_from_instance = lambda u: u.get_full_name()
        self.fields["subject"].queryset = subjects
        self.fields["group"].queryset = groups
