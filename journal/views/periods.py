"""The period marks page and closing a period (C8–C10)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from journal import grading, permissions, rules
from journal.forms.periods import PeriodMarksForm
from journal.selectors import lessons as selectors_lessons
from journal.selectors import periods as selectors_periods
from journal.services import periods as services_periods
from journal.views.common import add_errors
from journal.views.grid import grid_url
from school.errors import ApplicationError

PERIOD_MARKS_SAVED = _("Period marks saved: %(count)s.")
PERIOD_CLOSED_MSG = _("The period «%(name)s» is closed.")


# --- Period marks ----------------------------------------------------------------


def _period_of(request, group):
    periods = list(selectors_periods.periods_for_group(group))
    wanted = request.GET.get("period") or request.POST.get("period")
    today = request.school.local_today()
    chosen = next((p for p in periods if str(p.pk) == wanted), None)
    if wanted and chosen is None:
        raise Http404
    begun = [p for p in periods if p.starts_on <= today]
    return periods, chosen or grading.current_period(begun, today)


def period_marks(request, group_id, subject_id):
    group, subject = selectors_lessons.group_subject_get(
        request.user, request.school, group_id, subject_id
    )
    if not permissions.can_read_journal(request.user, group, subject):
        raise Http404
    periods, period = _period_of(request, group)
    rows, required, form, can_edit, opens = [], None, None, False, None
    if period is not None:
        rows, required = selectors_periods.period_rows(group, subject, period)
        day = min(period.ends_on, request.school.local_today())
        can_edit = permissions.can_keep_journal(request.user, group, subject, day)
        form = PeriodMarksForm(request.POST or None, rows=rows)
        window = rules.period_mark_window(request.school, period)
        if rules.now() < window.opens_at:
            opens = services_periods.PERIOD_NOT_OPEN % {
                "date": window.opens_at.strftime("%d.%m.%Y")
            }
    if request.method == "POST":
        if not can_edit:
            raise Http404
        if form.is_valid() and _save_period_marks(
            request, form, group, subject, period
        ):
            return redirect(f"{request.path}?period={period.pk}")
    if form is not None:
        form.attach()
    context = {
        "group": group,
        "subject": subject,
        "periods": periods,
        "period": period,
        "rows": rows,
        "required": required,
        "form": form,
        "can_edit": can_edit,
        "opens": opens,
        "can_close": permissions.can_close_periods(request.user, request.school),
        "grid_url": grid_url(group.pk, subject.pk),
    }
    return render(request, "journal/page_period_marks.html", context)


def _save_period_marks(request, form, group, subject, period) -> bool:
    """All changed pupils through one batch service: one refusal saves none."""
    changes = [
        services_periods.PeriodMarkChange(row.student, value, deferred)
        for row, value, deferred in form.changed_pupils()
    ]
    try:
        count = services_periods.period_marks_set(
            actor=request.user,
            group=group,
            subject=subject,
            period=period,
            changes=changes,
        )
    except ApplicationError as error:
        add_errors(form, error)
        return False
    except ValidationError as error:
        field_of = {change.key: f"mark_{change.student.pk}" for change in changes}
        for key, messages_ in error.message_dict.items():
            form.add_error(field_of.get(key), messages_)
        return False
    messages.success(request, PERIOD_MARKS_SAVED % {"count": count})
    return True


@require_POST
def period_close(request, period_id):
    school = request.school
    if school is None or not permissions.can_close_periods(request.user, school):
        raise Http404
    period = selectors_periods.periods_for_school(school).filter(pk=period_id).first()
    if period is None:
        raise Http404
    services_periods.period_close(actor=request.user, period=period)
    messages.success(request, PERIOD_CLOSED_MSG % {"name": period.name})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = reverse("school:calendar")
    return redirect(target)
