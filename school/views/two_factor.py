"""The second login step, enrolment from the profile, and the sysadmin's reset."""

from __future__ import annotations

from base64 import b32encode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from school.selectors import accounts as selectors

from .. import permissions_two_factor as permissions
from ..errors import ApplicationError
from ..forms_two_factor import CodeForm, EnrolForm
from ..http import client_ip
from ..services import two_factor as services

ENROL_KEY = "two_factor_enrol_key"
CODES_KEY = "two_factor_recovery_codes"
RESET_DONE = _("The second factor of %(name)s has been reset.")


@login_not_required
def verify(request):
    """Second step of the login; public so that the password gate lets it through."""
    user = request.user
    if not user.is_authenticated:
        return redirect("login")
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = ""
    if user.is_verified():
        return redirect(target or "home")
    if not services.has_device(user):
        services.forget_device(request)  # reset by the sysadmin meanwhile
        return redirect(target or "home")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.two_factor_verify(
                user=user, token=form.cleaned_data["code"], ip=client_ip(request)
            )
        except ApplicationError:
            logout(request)
            return _locked(request)
        except ValidationError as error:
            form.add_error("code", error)
        else:
            otp_login(request, device)
            return redirect(target or "home")
    return render(
        request, "school/two_factor_verify.html", {"form": form, "next": target}
    )


def _locked(request):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "school/two_factor_locked.html",
        {"cooloff_minutes": minutes},
        status=429,
    )


def profile(request):
    """The user's second factor: enrolled or not, and the way to (re-)enrol."""
    if not permissions.can_enrol_two_factor(request.user):
        raise Http404
    return render(
        request,
        "school/two_factor_profile.html",
        {
            "enrolled": services.has_device(request.user),
            "required": permissions.two_factor_required(request.user),
        },
    )


def enrol(request):
    """Scan the QR code, type the first code; nothing is stored until it matches."""
    if not permissions.can_enrol_two_factor(request.user):
        raise Http404
    key = request.session.get(ENROL_KEY) or services.new_key()
    request.session[ENROL_KEY] = key
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.two_factor_enrol(
                actor=request.user,
                key=key,
                token=form.cleaned_data["code"],
                ip=client_ip(request),
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            del request.session[ENROL_KEY]
            services.forget_device(request)
            otp_login(request, services.authenticator_of(request.user))
            request.session[CODES_KEY] = codes
            return redirect("school:two-factor-codes")
    device = services.unsaved_device(request.user, key)
    qr = segno.make(device.config_url, error="m").svg_inline(
        scale=4, dark="#000", light="#fff", title=str(_("QR code for the app"))
    )
    secret = b32encode(device.bin_key).decode()
    return render(
        request,
        "school/two_factor_enrol.html",
        {
            "form": form,
            "qr": qr,
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "required": permissions.two_factor_required(request.user),
        },
    )


def codes(request):
    """The new recovery codes, shown once: reloading the page does not show them."""
    shown = request.session.pop(CODES_KEY, None)
    if not shown:
        return redirect("school:two-factor")
    return render(request, "school/two_factor_codes.html", {"codes": shown})


def staff(request, school_id: int):
    """The school's staff and whether each has a second factor, for the sysadmin."""
    school = selectors.school_get_for_view(request.user, school_id)
    if not permissions.can_reset_two_factor(request.user, school):
        raise Http404
    people = services.staff_list_with_devices(school)
    return render(
        request,
        "school/two_factor_staff.html",
        {"school": school, "people": people},
    )


@require_POST
def reset(request, school_id: int, user_id: int):
    school = selectors.school_get_for_view(request.user, school_id)
    if not permissions.can_reset_two_factor(request.user, school):
        raise Http404
    user = get_object_or_404(permissions.staff_of_school(school), pk=user_id)
    services.two_factor_reset(
        actor=request.user, school=school, user=user, ip=client_ip(request)
    )
    messages.success(request, RESET_DONE % {"name": user.get_full_name()})
    return redirect("school:two-factor-staff", school_id=school.pk)
