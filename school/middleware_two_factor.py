"""The gate of the second login step.

After the password, a user with an authenticator reaches only the code page
until a code is accepted; a director or sysadmin whose school requires a
second factor and who has none reaches only the enrolment (and the forced
password change, which comes first).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from .services.two_factor import ENROL, VERIFY, second_step

ALWAYS_ALLOWED = {"logout", "set_language"}
ENROLMENT_ALLOWED = {
    *ALWAYS_ALLOWED,
    "school:two-factor-enrol",
    "school:two-factor-codes",
    "password-change",
}


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if not getattr(view_func, "login_required", True):
            return None  # public pages, the code page itself among them
        if user.is_verified():
            return None
        match = request.resolver_match
        name = match.view_name if match is not None else ""
        step = second_step(request)
        if step == VERIFY and name not in ALWAYS_ALLOWED:
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('school:two-factor-verify')}?{query}")
        if step == ENROL and name not in ENROLMENT_ALLOWED:
            return redirect("school:two-factor-enrol")
        return None
