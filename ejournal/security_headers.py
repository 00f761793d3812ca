"""Headers every dynamic response carries: no caching, no powerful browser features.

A shared school computer's browser cache must not keep a diary week or a pupil's
page, so nothing dynamic is stored (static files are answered by WhiteNoise above
this middleware and keep their long cache). The Content-Security-Policy itself
comes from django-csp (settings.CONTENT_SECURITY_POLICY).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response["Cache-Control"] = "no-store, private"
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
