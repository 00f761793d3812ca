"""Forms of the lesson page: topic, homework, a pupil's homework or comment
(C2, C13)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from school.models import Student

TOPIC_OR_PLAN = _("Choose a topic from the plan or type it.")


class PupilChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.user.get_full_name()


def pupil_field(pupils, label=None):
    """A choice of the lesson's pupils, by name."""
    queryset = Student.objects.filter(pk__in=[p.pk for p in pupils])
    return PupilChoiceField(
        label=label or _("Pupil"),
        queryset=queryset.select_related("user").order_by(
            "user__last_name", "user__first_name"
        ),
    )


class LessonRecordForm(forms.Form):
    plan_item = forms.ModelChoiceField(
        label=_("Topic from the plan (КТП)"), queryset=None, required=False
    )
    topic = forms.CharField(
        label=_("Or type the topic"), max_length=500, required=False
    )
    material = forms.CharField(
        label=_("Material covered"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, plan_items=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["plan_item"]
        field.queryset = plan_items
        field.label_from_instance = lambda item: f"{item.number}. {item.topic}"

    def clean(self):
        data = super().clean()
        if not data.get("plan_item") and not (data.get("topic") or "").strip():
            raise forms.ValidationError(TOPIC_OR_PLAN)
        return data


class HomeworkForm(forms.Form):
    text = forms.CharField(
        label=_("Homework for the class"), widget=forms.Textarea(attrs={"rows": 2})
    )
    attachment = forms.FileField(
        label=_("File (optional)"),
        required=False,
        help_text=_("A document, picture or archive up to 10 MB."),
    )
    remove_attachment = forms.BooleanField(
        label=_("Remove the attached file"), required=False
    )


class PupilTextForm(forms.Form):
    """Individual homework or a comment to parents, for one pupil."""

    student = forms.ModelChoiceField(label=_("Pupil"), queryset=None)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, pupils=(), text_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"] = pupil_field(list(pupils))
        if text_label:
            self.fields["text"].label = text_label


class PersonalHomeworkForm(PupilTextForm):
    """One pupil's homework, with an optional file."""

    attachment = forms.FileField(
        label=_("File (optional)"),
        required=False,
        help_text=_("A document, picture or archive up to 10 MB."),
    )
