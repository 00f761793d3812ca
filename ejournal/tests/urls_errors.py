"""The site's URLs plus views that fail on purpose, for the error-page tests."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from ejournal.urls import urlpatterns as site


@login_not_required
def forbidden(request):
    raise PermissionDenied


@login_not_required
def suspicious(request):
    raise SuspiciousOperation("a malformed request")


@login_not_required
def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("test-errors/403/", forbidden),
    path("test-errors/400/", suspicious),
    path("test-errors/500/", broken),
    *site,
]
