"""The teacher's correction request for a mark of a closed period (003 §2.3.4)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from journal import permissions
from journal.forms.lessons import pupil_field
from journal.models import PeriodMarkKind
from journal.selectors import lessons as selectors
from journal.selectors import periods as selectors_periods
from journal.services.final_corrections import final_mark_correction_create
from journal.views.common import add_errors
from journal.views.corrections import REQUEST_FILED
from school.errors import ApplicationError
from school.selectors.structure import group_members_between


class FinalCorrectionForm(forms.Form):
    """Which mark of which closed period, the new value, the wording and the reason."""

    student = forms.ModelChoiceField(label=_("Pupil"), queryset=None)
    mark = forms.ChoiceField(label=_("Mark to change"))
    value = forms.CharField(
        label=_("New value"),
        max_length=16,
        required=False,
        help_text=_("Empty to remove the mark."),
    )
    changes_text = forms.CharField(
        label=_("Changes to make"), widget=forms.Textarea(attrs={"rows": 2})
    )
    reason = forms.CharField(
        label=_("Reason for the change"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, pupils=(), closed=(), last=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["student"] = pupil_field(list(pupils))
        self.periods = {str(p.pk): p for p in closed}
        choices = [
            (
                f"{PeriodMarkKind.PERIOD}:{p.pk}",
                f"{p.name}: {PeriodMarkKind.PERIOD.label}",
            )
            for p in closed
        ]
        if last is not None and last in closed:
            choices += [
                (f"{kind}:{last.pk}", f"{last.scheme.year.name}: {kind.label}")
                for kind in (
                    PeriodMarkKind.YEAR,
                    PeriodMarkKind.EXAM,
                    PeriodMarkKind.FINAL,
                )
            ]
        self.fields["mark"].choices = choices

    def target(self):
        """(period, kind) of the chosen mark."""
        kind, period_id = self.cleaned_data["mark"].split(":")
        return self.periods[period_id], kind


def final_correction_create(request, group_id, subject_id):
    group, subject = selectors.group_subject_get(
        request.user, getattr(request, "school", None), group_id, subject_id
    )
    periods = list(selectors_periods.periods_for_group(group))
    today = request.school.local_today()
    closed = [p for p in periods if p.is_closed]
    if not any(
        permissions.can_keep_journal(
            request.user, group, subject, min(p.ends_on, today)
        )
        for p in closed or periods
    ):
        raise Http404
    pupils = {
        m.student.pk: m.student
        for p in closed
        for m in group_members_between(group, p.starts_on, p.ends_on)
    }
    wanted = (
        f"{request.GET.get('kind', PeriodMarkKind.PERIOD)}:{request.GET.get('period')}"
    )
    form = FinalCorrectionForm(
        request.POST or None,
        initial={"student": request.GET.get("student"), "mark": wanted},
        pupils=pupils.values(),
        closed=closed,
        last=periods[-1] if periods else None,
    )
    if request.method == "POST" and form.is_valid():
        period, kind = form.target()
        try:
            final_mark_correction_create(
                actor=request.user,
                group=group,
                subject=subject,
                period=period,
                kind=kind,
                student=form.cleaned_data["student"],
                value=form.cleaned_data["value"],
                changes_text=form.cleaned_data["changes_text"],
                reason=form.cleaned_data["reason"],
            )
        except PermissionDenied as error:
            raise Http404 from error
        except (ValidationError, ApplicationError) as error:
            add_errors(form, error)
        else:
            messages.success(request, REQUEST_FILED)
            return redirect("journal:correction-list")
    context = {"group": group, "subject": subject, "form": form, "today": today}
    return render(request, "journal/page_final_correction_form.html", context)
