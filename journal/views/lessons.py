"""The lesson page: topic, homework, comments to parents; homework files (C2, C13)."""

from __future__ import annotations

import os

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from journal.forms.lessons import (
    HomeworkForm,
    LessonRecordForm,
    PersonalHomeworkForm,
    PupilTextForm,
)
from journal.selectors import lessons as selectors_lessons
from journal.services import homework as services_homework
from journal.services import lessons as services
from journal.views.common import add_errors, parse_day
from journal.views.grid import grid_url
from school.errors import ApplicationError

SAVED = _("Saved.")


# --- The lesson page -----------------------------------------------------------


def _lesson_forms(slot, data=None, action=None, files=None):
    items = selectors_lessons.plan_items_for(slot.group, slot.subject)
    lesson = slot.lesson
    suggestion = selectors_lessons.next_plan_item(slot.group, slot.subject, items)
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
        services_homework.homework_set(
            actor=actor,
            lesson=lesson,
            text=data["text"],
            attachment=data["attachment"],
            remove_attachment=data["remove_attachment"],
        )
    elif action == "personal":
        services_homework.homework_set(
            actor=actor,
            lesson=lesson,
            text=data["text"],
            student=data["student"],
            attachment=data["attachment"],
        )
    else:
        services_homework.parent_comment_create(
            actor=actor, lesson=lesson, student=data["student"], text=data["text"]
        )


def lesson_page(request, group_id, subject_id, day, number):
    day = parse_day(day)
    slot = selectors_lessons.lesson_slot_get(
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
            add_errors(forms[action], error)
        else:
            messages.success(request, SAVED)
            return redirect(request.path)
    context = {
        "slot": slot,
        "forms": forms,
        "notes": selectors_lessons.lesson_notes(slot.lesson),
        "grid_url": grid_url(slot.group.pk, slot.subject.pk),
    }
    return render(request, "journal/page_lesson.html", context)


_ACTIONS = ("record", "homework", "personal", "comment")
_HOMEWORK_ACTIONS = ("homework", "personal")


def homework_file(request, homework_id):
    """A homework file for the journal's keepers and readers; others get 404."""
    homework = selectors_lessons.homework_file_get(
        request.user, getattr(request, "school", None), homework_id
    )
    name = os.path.basename(homework.attachment.name)
    return FileResponse(
        homework.attachment.open("rb"), as_attachment=True, filename=name
    )
