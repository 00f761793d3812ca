"""Small request helpers shared by views."""

from __future__ import annotations

from functools import wraps

from django.http import Http404

from ejournal.client_ip import client_ip

__all__ = ["client_ip", "role_required"]


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
