"""Sessions end after idleness (shorter for staff) and a fixed time after login.

A shared school computer left with a teacher's journal open must not stay open:
the idle limit is per role (staff shorter than families), the absolute limit
ends even a busy session. Both are checked on the server, whatever the cookie says.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from . import events
from .models import Role

STARTED_KEY = "session_started_at"
SEEN_KEY = "session_seen_at"
# The last-seen stamp is rewritten at most this often: not a session write per click.
SEEN_RESOLUTION_SECONDS = 60
FAMILY_ROLES = frozenset({Role.PARENT, Role.STUDENT})

SESSION_IDLE_ENDED = _(
    "Your session ended after a period of inactivity. Please log in again."
)
SESSION_TIME_ENDED = _("Your session has reached its time limit. Please log in again.")


def idle_limit_seconds(request: HttpRequest) -> int:
    """Families may keep a diary open longer than staff may keep a journal open."""
    membership = getattr(request, "membership", None)
    if membership is not None and membership.role in FAMILY_ROLES:
        return settings.SESSION_IDLE_MINUTES_FAMILY * 60
    return settings.SESSION_IDLE_MINUTES_STAFF * 60


def expiry_reason(request: HttpRequest, now: float) -> str | None:
    """'idle', 'absolute' or None, from the stamps kept in the session."""
    session = request.session
    started = session.get(STARTED_KEY)
    seen = session.get(SEEN_KEY)
    if started is None or seen is None:
        return None
    if now - started > settings.SESSION_ABSOLUTE_HOURS * 3600:
        return "absolute"
    if now - seen > idle_limit_seconds(request):
        return "idle"
    return None


def stamp_login(sender, request, user, **kwargs) -> None:
    """Start both clocks at login."""
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[STARTED_KEY] = now
        request.session[SEEN_KEY] = now


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            response = self.get_response(request)
            if request.user.is_authenticated:  # logged in by this request
                self._stamp(request, time.time())
            return response
        now = time.time()
        reason = expiry_reason(request, now)
        if reason is not None:
            return self._end(request, reason)
        self._stamp(request, now)
        return self.get_response(request)

    def _stamp(self, request: HttpRequest, now: float) -> None:
        session = request.session
        session.setdefault(STARTED_KEY, now)
        if now - session.get(SEEN_KEY, 0) >= SEEN_RESOLUTION_SECONDS:
            session[SEEN_KEY] = now

    def _end(self, request: HttpRequest, reason: str) -> HttpResponse:
        events.session_expired(
            user=request.user, school=getattr(request, "school", None), reason=reason
        )
        logout(request)
        messages.info(
            request, SESSION_IDLE_ENDED if reason == "idle" else SESSION_TIME_ENDED
        )
        response = redirect_to_login(request.get_full_path())
        if request.headers.get("HX-Request"):
            # A fragment swap would put the login page inside the grid.
            htmx = HttpResponse(status=204)
            htmx["HX-Redirect"] = response.url
            return htmx
        return response
