"""The lesson page, correction requests and period marks (C2, C7, C9, C10, C13)."""

from __future__ import annotations

import datetime
import os

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from school.errors import ApplicationError

from . import permissions, rules, selectors_class, services, services_periods
from . import selectors_pages as selectors
from .forms_pages import (
    CorrectionForm,
    DecisionForm,
    HomeworkForm,
    LessonRecordForm,
    PeriodMarksForm,
    PersonalHomeworkForm,
    PupilTextForm,
)

SAVED = _("Saved.")
REQUEST_FILED = _("The correction request is filed and waits for the deputy.")
REQUEST_APPROVED = _("The request is approved and the change is applied.")
REQUEST_REJECTED = _("The request is rejected.")
PERIOD_MARKS_SAVED = _("Period marks saved: %(count)s.")
PERIOD_CLOSED_MSG = _("The period «%(name)s» is closed.")


def grid_url(group_id: int, subject_id: int) -> str | None:
    """The grid's address, once the grid's URL exists."""
    try:
        return reverse("journal:grid", args=(group_id, subject_id))
    except NoReverseMatch:
        return None


def _add_errors(form, error) -> None:
    if isinstance(error, ApplicationError):
        form.add_error(None, str(error.message))
    elif isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise Http404 from error


# --- The lesson page -----------------------------------------------------------


def _lesson_forms(slot, data=None, action=None, files=None):
    items = selectors.plan_items_for(slot.group, slot.subject)
    lesson = slot.lesson
    suggestion = selectors.next_plan_item(slot.group, slot.subject, items)
    initial = {
        "plan_item": lesson.plan_item_id if lesson and lesson.plan_item_id else None,
        "topic": lesson.topic if lesson else "",
        "material": lesson.material if lesson else "",
    }
    if lesson is None or not (lesson.topic or lesson.plan_item_id):
        initial["plan_item"] = suggestion.pk if suggestion else None
        initial["topic"] = ""

    def bound(name):
        return data if action == name else None

    def uploads(name):
        return files if action == name else None

    return {
        "record": LessonRecordForm(bound("record"), plan_items=items, initial=initial),
        "homework": HomeworkForm(bound("homework"), uploads("homework"), prefix="hw"),
        "personal": PersonalHomeworkForm(
            bound("personal"),
            uploads("personal"),
            prefix="ihw",
            pupils=slot.pupils,
            text_label=_("Individual homework"),
        ),
        "comment": PupilTextForm(
            bound("comment"),
            prefix="pc",
            pupils=slot.pupils,
            text_label=_("Comment to the parents"),
        ),
        "suggestion": suggestion,
    }


def _save_lesson_form(request, slot, action, form):
    lesson = services.lesson_open(
        actor=request.user,
        group=slot.group,
        subject=slot.subject,
        date=slot.date,
        lesson_number=slot.number,
    )
    data, actor = form.cleaned_data, request.user
    if action == "record":
        services.lesson_record(
            actor=actor,
            lesson=lesson,
            topic=data["topic"].strip(),
            material=data["material"],
            plan_item=data["plan_item"],
        )
    elif action == "homework":
        services_periods.homework_set(
            actor=actor,
            lesson=lesson,
            text=data["text"],
            attachment=data["attachment"],
            remove_attachment=data["remove_attachment"],
        )
    elif action == "personal":
        services_periods.homework_set(
            actor=actor,
            lesson=lesson,
            text=data["text"],
            student=data["student"],
            attachment=data["attachment"],
        )
    else:
        services_periods.parent_comment_create(
            actor=actor, lesson=lesson, student=data["student"], text=data["text"]
        )


def lesson_page(request, group_id, subject_id, day, number):
    day = _day(day)
    slot = selectors.lesson_slot_get(
        request.user, request.school, group_id, subject_id, day, number
    )
    action = request.POST.get("action") if request.method == "POST" else None
    if action is not None and (not slot.can_edit or action not in _ACTIONS):
        raise Http404
    if slot.marks_free and action in _HOMEWORK_ACTIONS:
        messages.error(request, services.MARKS_FREE)
        return redirect(request.path)
    forms = _lesson_forms(slot, request.POST, action, request.FILES)
    if action is not None and forms[action].is_valid():
        try:
            _save_lesson_form(request, slot, action, forms[action])
        except PermissionDenied as error:
            raise Http404 from error
        except (ValidationError, ApplicationError) as error:
            _add_errors(forms[action], error)
        else:
            messages.success(request, SAVED)
            return redirect(request.path)
    context = {
        "slot": slot,
        "forms": forms,
        "notes": selectors.lesson_notes(slot.lesson),
        "grid_url": grid_url(slot.group.pk, slot.subject.pk),
    }
    return render(request, "journal/page_lesson.html", context)


_ACTIONS = ("record", "homework", "personal", "comment")
_HOMEWORK_ACTIONS = ("homework", "personal")


def homework_file(request, homework_id):
    """A homework file for the journal's keepers and readers; others get 404."""
    homework = selectors.homework_file_get(
        request.user, getattr(request, "school", None), homework_id
    )
    name = os.path.basename(homework.attachment.name)
    return FileResponse(
        homework.attachment.open("rb"), as_attachment=True, filename=name
    )


# --- Correction requests -------------------------------------------------------


def correction_create(request, group_id, subject_id, day, number):
    slot = selectors.lesson_slot_get(
        request.user, request.school, group_id, subject_id, _day(day), number
    )
    if not slot.can_edit:
        raise Http404
    form = CorrectionForm(
        request.POST or None,
        initial={"student": request.GET.get("student")},
        pupils=slot.pupils,
        work_kinds=selectors.work_kinds_for(slot.group.school),
    )
    if request.method == "POST" and form.is_valid():
        try:
            _file_correction(request.user, slot, form)
        except (ValidationError, ApplicationError) as error:
            _add_errors(form, error)
        else:
            messages.success(request, REQUEST_FILED)
            return redirect("journal:correction-list")
    context = {"slot": slot, "form": form, "today": request.school.local_today()}
    return render(request, "journal/page_correction_form.html", context)


@transaction.atomic
def _file_correction(actor, slot, form) -> None:
    """A lesson held but never opened in the journal gets its column first."""
    lesson = slot.lesson or services.lesson_open(
        actor=actor,
        group=slot.group,
        subject=slot.subject,
        date=slot.date,
        lesson_number=slot.number,
    )
    services_periods.correction_request_create(
        actor=actor,
        lesson=lesson,
        changes=[form.change()],
        changes_text=form.cleaned_data["changes_text"],
        reason=form.cleaned_data["reason"],
    )


def correction_list(request):
    rows = selectors.correction_list_for_teacher(request.user, request.school)
    can_decide = permissions.can_decide_corrections(request.user, request.school)
    context = {"rows": rows, "can_decide": can_decide}
    return render(request, "journal/page_correction_list.html", context)


def correction_queue(request, form=None, failed=None):
    queue = selectors.correction_queue_for_decider(request.user, request.school)
    context = {
        **queue,
        "form": form or DecisionForm(),
        "failed": failed,
        "periods": selectors.periods_to_close(request.school),
    }
    return render(request, "journal/page_correction_queue.html", context)


@require_POST
def correction_decide(request, request_id):
    correction = selectors.correction_get_for_decide(
        request.user, request.school, request_id
    )
    form = DecisionForm(request.POST)
    if form.is_valid():
        approve = form.cleaned_data["approve"]
        try:
            services_periods.correction_request_decide(
                actor=request.user,
                request=correction,
                approve=approve,
                comment=form.cleaned_data["comment"],
            )
        except (ValidationError, ApplicationError) as error:
            _add_errors(form, error)
        else:
            messages.success(request, REQUEST_APPROVED if approve else REQUEST_REJECTED)
            return redirect("journal:correction-queue")
    return correction_queue(request, form=form, failed=correction.pk)


# --- Period marks ----------------------------------------------------------------


def _period_of(request, group):
    periods = list(selectors.periods_for_group(group))
    wanted = request.GET.get("period") or request.POST.get("period")
    today = request.school.local_today()
    chosen = next((p for p in periods if str(p.pk) == wanted), None)
    if wanted and chosen is None:
        raise Http404
    current = next((p for p in periods if p.starts_on <= today <= p.ends_on), None)
    past = [p for p in periods if p.ends_on < today]
    return periods, chosen or current or (past[-1] if past else None)


def period_marks(request, group_id, subject_id):
    group, subject = selectors.group_subject_get(
        request.user, request.school, group_id, subject_id
    )
    if not permissions.can_read_journal(request.user, group, subject):
        raise Http404
    periods, period = _period_of(request, group)
    rows, required, form, can_edit, opens = [], None, None, False, None
    if period is not None:
        rows, required = selectors.period_rows(group, subject, period)
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
    """All changed pupils in one transaction: one refusal saves none."""
    count = 0
    with transaction.atomic():
        for row, value, deferred in list(form.changed_pupils()):
            try:
                services_periods.period_mark_set(
                    actor=request.user,
                    group=group,
                    subject=subject,
                    student=row.student,
                    period=period,
                    value=value,
                    is_deferred=deferred,
                )
            except ApplicationError as error:
                _add_errors(form, error)
                break
            except ValidationError as error:
                form.add_error(f"mark_{row.student.pk}", error.messages)
            else:
                count += 1
        if form.errors:
            transaction.set_rollback(True)
            return False
    messages.success(request, PERIOD_MARKS_SAVED % {"count": count})
    return True


@require_POST
def period_close(request, period_id):
    school = request.school
    if school is None or not permissions.can_close_periods(request.user, school):
        raise Http404
    period = selectors.periods_for_school(school).filter(pk=period_id).first()
    if period is None:
        raise Http404
    services_periods.period_close(actor=request.user, period=period)
    messages.success(request, PERIOD_CLOSED_MSG % {"name": period.name})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = reverse("school:calendar")
    return redirect(target)


# --- The class teacher's view of the class (C11) ------------------------------


def class_summary(request, class_id):
    period = request.GET.get("period", "")
    summary = selectors_class.class_summary_get(
        request.user,
        getattr(request, "school", None),
        class_id,
        int(period) if period.isdigit() else None,
    )
    return render(request, "journal/page_class_summary.html", {"summary": summary})
