"""Refuse requests whose parameters carry control characters, before any view.

PostgreSQL cannot store NUL in text, XML (XLSX, DOCX) cannot hold most C0
controls, and no form of the product expects them: a request with one answers
a Russian 400 at the door instead of failing deep inside a view.
"""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

# C0 controls except tab, line feed and carriage return, which forms take as text.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def has_control_characters(request: HttpRequest) -> bool:
    """True when a query or form parameter, name or value, holds a control character."""
    sources = [request.GET]
    if request.method == "POST":
        sources.append(request.POST)
    for query in sources:
        for key, values in query.lists():
            if CONTROL_CHARACTERS.search(key):
                return True
            if any(CONTROL_CHARACTERS.search(value) for value in values):
                return True
    return False


class ControlCharacterGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if has_control_characters(request):
            return HttpResponse(
                render_to_string("errors/control_characters.html", request=None),
                status=400,
            )
        return self.get_response(request)
