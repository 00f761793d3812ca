"""The interface language: the user's own choice, otherwise the service's (Russian).

Django's LocaleMiddleware follows the browser's Accept-Language, so a teacher whose
browser prefers English got the journal in English. Here the browser is never asked:
a logged-in user gets the language picked in their profile, an anonymous visitor the
one picked on the login page (the language cookie of ``set_language``), everyone else
``settings.LANGUAGE_CODE``.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation


def language_for(request) -> str:
    """The user's chosen language, else the login page's choice, else Russian."""
    available = {code for code, _name in settings.LANGUAGES}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        chosen = user.language
    else:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return chosen if chosen in available else settings.LANGUAGE_CODE


class UserLanguageMiddleware:
    """Activates ``language_for(request)``; must follow AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        try:
            response = self.get_response(request)
        finally:
            # The thread's next request must not inherit this user's language.
            translation.deactivate()
        response.headers.setdefault("Content-Language", language)
        return response
