"""Year, exam and final marks of a group in a subject (C9)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from journal import permissions, rules
from journal.forms.periods import FinalMarksForm
from journal.selectors import lessons as selectors_lessons
from journal.selectors import periods as selectors_periods
from journal.selectors.finals import final_rows
from journal.services import periods as services_periods
from school.errors import ApplicationError

SAVED = _("Year, exam and final marks are saved.")


def final_marks(request, group_id, subject_id):
    group, subject = selectors_lessons.group_subject_get(
        request.user, getattr(request, "school", None), group_id, subject_id
    )
    if not permissions.can_read_journal(request.user, group, subject):
        raise Http404
    periods = list(selectors_periods.periods_for_group(group))
    rows = final_rows(group, subject, periods)
    last = periods[-1] if periods else None
    can_edit = last is not None and permissions.can_keep_journal(
        request.user, group, subject, min(last.ends_on, request.school.local_today())
    )
    form = FinalMarksForm(request.POST or None, rows=rows)
    if request.method == "POST":
        if not can_edit:
            raise Http404
        if form.is_valid() and _save(request, form, group, subject, last):
            messages.success(request, SAVED)
            return redirect(request.path)
    form.attach()
    opens = None
    if last is not None:
        window = rules.period_mark_window(request.school, last)
        if rules.now() < window.opens_at:
            opens = services_periods.PERIOD_NOT_OPEN % {
                "date": window.opens_at.strftime("%d.%m.%Y")
            }
    context = {
        "group": group,
        "subject": subject,
        "periods": periods,
        "last": last,
        "rows": rows,
        "form": form,
        "can_edit": can_edit and last is not None and not last.is_closed,
        "can_request": can_edit and last is not None and last.is_closed,
        "opens": opens,
    }
    return render(request, "journal/page_final_marks.html", context)


def _save(request, form, group, subject, last) -> bool:
    """Every changed entry through one batch service: one refusal saves none."""
    changes = [
        services_periods.PeriodMarkChange(row.student, value, deferred, kind)
        for row, kind, value, deferred in form.changes()
    ]
    try:
        services_periods.period_marks_set(
            actor=request.user,
            group=group,
            subject=subject,
            period=last,
            changes=changes,
        )
    except ApplicationError as error:
        form.add_error(None, error.message)
        return False
    except ValidationError as error:
        for key, messages_ in error.message_dict.items():
            form.add_error(key, messages_)
        return False
    return True
