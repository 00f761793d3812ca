"""School settings and the events log."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from .. import services
from ..forms.accounts import EventFilterForm, SchoolSettingsForm
from ..selectors import accounts as selectors

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
    school = selectors.school_get_for_view(request.user, school_id)
    form = EventFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.event_list_for_sysadmin(
        request.user,
        school,
        code_prefix=filters.get("code") or "",
        day=filters.get("day"),
    )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "school/event_list.html",
        {"school": school, "form": form, "page": page},
    )
