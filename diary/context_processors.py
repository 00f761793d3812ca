"""The «Messages» badge in the header, for every role of a school."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from diary.selectors import messages as selectors_messages


def messaging_badge(request):
    """Counted only when a template reads it, in one query (see badge_counts)."""
    user = getattr(request, "user", None)
    school = getattr(request, "school", None)
    if user is None or not user.is_authenticated or school is None:
        return {}

    def counts():
        roles = frozenset(
            m.role
            for m in request.memberships
            if m.school_id == school.pk and m.is_active
        )
        return selectors_messages.badge_counts(
            user, school, roles, school.local_today()
        )

    return {"messaging_badge": SimpleLazyObject(counts)}
