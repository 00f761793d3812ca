"""The class page's list of parents whose web diary is still closed (A5): school
pages show it without the school app importing the diary."""

from __future__ import annotations

from django import template

from diary.access import parents_without_access
from diary.permissions.consent import can_manage_class_consents

register = template.Library()


@register.inclusion_tag("diary/parents_without_access.html", takes_context=True)
def parents_without_diary_access(context, school_class):
    """Shown to those who register the class's papers: its class teacher, the
    deputy and the director."""
    request = context["request"]
    if not can_manage_class_consents(request.user, school_class):
        return {"shown": False}
    today = school_class.school.local_today()
    return {
        "shown": school_class.school.diary_requires_consent,
        "rows": parents_without_access(school_class, today),
        "school_class": school_class,
    }
