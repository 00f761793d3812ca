"""Login, logout, the forced password change and the role switcher."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from .. import services
from ..forms.accounts import LoginForm
from ..http import client_ip
from ..middleware import SESSION_KEY
from ..selectors import accounts as selectors

PASSWORD_CHANGED = _("Your password has been changed.")


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        memberships = selectors.membership_list_for_user(user)
        if memberships:
            self.request.session[SESSION_KEY] = memberships[0].pk
        services.session_started(
            user=user,
            school=memberships[0].school if memberships else None,
            ip=client_ip(self.request),
        )
        return response

    def form_invalid(self, form):
        services.session_refused(
            username=self.request.POST.get("username", ""),
            ip=client_ip(self.request),
            locked=bool(getattr(self.request, "axes_locked_out", False)),
        )
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            services.session_ended(
                user=request.user, school=request.school, ip=client_ip(request)
            )
        return super().post(request, *args, **kwargs)


def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_password_change(
                actor=request.user,
                user=request.user,
                new_password=form.cleaned_data["new_password1"],
                ip=client_ip(request),
            )
        except ValidationError as error:
            form.add_error("new_password2", error)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, PASSWORD_CHANGED)
            return redirect("home")
    return render(request, "registration/password_change.html", {"form": form})


@require_POST
def role_switch(request):
    membership_id = request.POST.get("membership", "")
    if not membership_id.isdigit():
        return redirect("home")
    membership = selectors.membership_get_for_switch(request.user, int(membership_id))
    services.membership_switch(
        actor=request.user, membership=membership, ip=client_ip(request)
    )
    request.session[SESSION_KEY] = membership.pk
    return redirect("home")


def locked_out(request, original_response=None, credentials=None):
    """Axes' lockout page: says for how long, and that other logins still work."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "registration/locked_out.html",
        {"cooloff_minutes": minutes},
        status=429,
    )
