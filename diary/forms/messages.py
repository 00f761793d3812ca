"""Parsing of messages, announcements, polls and answers."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from diary.models import Audience, Scope
from school.forms.structure import DateInput

WRONG_TARGET = _("Choose whom to address from the list.")


class ConversationForm(forms.Form):
    """A new conversation; recipients come from the people the writer may address."""

    recipients = forms.TypedMultipleChoiceField(
        label=_("To"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    topic = forms.CharField(label=_("Topic"), max_length=200)
    text = forms.CharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args, recipients=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipients"].choices = [
            (r.user.pk, recipient_label(r)) for r in recipients
        ]


def recipient_label(recipient) -> str:
    """«Петрова А. С. — учитель: Математика»."""
    label = recipient.user.get_short_name()
    if recipient.roles:
        label += " — " + ", ".join(recipient.roles)
    if recipient.notes:
        label += ": " + ", ".join(recipient.notes)
    return label


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Reply"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AddressedForm(forms.Form):
    """Whom to address: "school", "class:<id>" or "group:<id>", and which readers."""

    target = forms.ChoiceField(label=_("Addressed to"))
    audience = forms.ChoiceField(
        label=_("Readers"), choices=Audience.choices, initial=Audience.BOTH
    )

    def __init__(self, *args, school_allowed=False, classes=(), groups=(), **kw):
        super().__init__(*args, **kw)
        choices = (
            [(Scope.SCHOOL.value, _("The whole school"))] if school_allowed else []
        )
        if classes:
            choices.append((_("Classes"), [(f"class:{c.pk}", c.name) for c in classes]))
        if groups:
            choices.append(
                (_("Study groups"), [(f"group:{g.pk}", g.name) for g in groups])
            )
        self.fields["target"].choices = choices
        self._targets = {f"class:{c.pk}": c for c in classes}
        self._targets.update({f"group:{g.pk}": g for g in groups})

    def clean_target(self):
        value = self.cleaned_data["target"]
        if value == Scope.SCHOOL:
            return Scope.SCHOOL, None
        if value not in self._targets:
            raise forms.ValidationError(WRONG_TARGET)
        return value.split(":")[0], self._targets[value]


class AnnouncementForm(AddressedForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("Text"), max_length=10000, widget=forms.Textarea(attrs={"rows": 8})
    )
    expires_on = forms.DateField(
        label=_("Shown until"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty to keep it on the board until withdrawn."),
    )


class PollForm(AddressedForm):
    question = forms.CharField(label=_("Question"), max_length=300)
    options = forms.CharField(
        label=_("Answers, one per line"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("From two to ten answers."),
    )
    closes_on = forms.DateField(
        label=_("Open until"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty to close it by hand."),
    )

    def clean_options(self):
        return self.cleaned_data["options"].splitlines()


class VoteForm(forms.Form):
    option = forms.ModelChoiceField(
        label=_("Your answer"),
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
    )

    def __init__(self, *args, poll, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["option"].queryset = poll.options.all()
