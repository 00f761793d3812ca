"""Small request helpers shared by views."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.http import Http404, HttpRequest
from ipware import get_client_ip


def client_ip(request: HttpRequest) -> str | None:
    """The caller's address, trusting as many proxies as PROXY_COUNT says."""
    ip, _routable = get_client_ip(
        request, proxy_count=settings.AXES_IPWARE_PROXY_COUNT or 0
    )
    return ip


def role_required(*roles: str):
    """A page for the given active roles; anyone else gets the same 404 as a typo."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            membership = getattr(request, "membership", None)
            if membership is None or membership.role not in roles:
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
