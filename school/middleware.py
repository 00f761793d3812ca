"""Puts the active membership (role and school) on every request of a logged-in user."""

from __future__ import annotations

from django.shortcuts import redirect

from .selectors import accounts as selectors

SESSION_KEY = "active_membership_id"

# Pages a user who must change the password may still open.
PASSWORD_CHANGE_ALLOWED = {"password-change", "logout", "set_language"}


class ActiveMembershipMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = None
        request.memberships = []
        request.school = None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            memberships = selectors.membership_list_for_user(user)
            chosen = request.session.get(SESSION_KEY)
            active = next((m for m in memberships if m.pk == chosen), None)
            if active is None and memberships:
                active = memberships[0]
            request.membership = active
            request.memberships = memberships
            request.school = active.school if active is not None else None
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.must_change_password:
            return None
        match = request.resolver_match
        if match is not None and match.url_name in PASSWORD_CHANGE_ALLOWED:
            return None
        # The admin marks its views open (it checks logins itself): not a way round.
        in_admin = match is not None and match.namespace == "admin"
        if not in_admin and not getattr(view_func, "login_required", True):
            return None
        return redirect("password-change")
