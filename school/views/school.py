"""School settings and the events log."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from .. import services
from ..event_log import event_rows
from ..forms.accounts import EventFilterForm, SchoolSettingsForm
from ..selectors import accounts as selectors
from ..services.event_export import events_export

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

SETTINGS_SAVED = _("School settings saved.")


def school_settings(request, school_id: int):
    school = selectors.school_get_for_settings(request.user, school_id)
    # The form validates on a copy: a ModelForm writes cleaned values onto its
    # instance, and the service must see the old ones to record what changed.
    form = SchoolSettingsForm(request.POST or None, instance=copy.copy(school))
    if request.method == "POST" and form.is_valid():
        services.school_settings_update(
            actor=request.user, school=school, data=form.cleaned_data
        )
        messages.success(request, SETTINGS_SAVED)
        return redirect("school:settings", school_id=school.pk)
    return render(
        request, "school/school_settings.html", {"school": school, "form": form}
    )


def event_list(request, school_id: int):
    """The sysadmin's log in words, filtered; the same selection as XLSX."""
    school = selectors.school_get_for_view(request.user, school_id)
    form = EventFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.event_list_for_sysadmin(
        request.user,
        school,
        code_prefix=filters.get("code") or "",
        person=filters.get("person") or "",
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    if request.GET.get("export") == "xlsx":
        content = events_export(actor=request.user, school=school, events=events)
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="events.xlsx"'
        return response
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    context = {"school": school, "form": form, "page": page}
    context |= {"rows": event_rows(page), "query": query.urlencode()}
    return render(request, "school/event_list.html", context)
