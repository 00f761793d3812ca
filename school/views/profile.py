"""The user's profile: the interface language."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from ..services.profile import user_language_set

SAVED = _("Your settings are saved.")


class ProfileForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Interface language"),
        required=False,
        choices=[("", _("Russian (the service's language)")), *settings.LANGUAGES],
    )


def profile(request):
    form = ProfileForm(
        request.POST or None, initial={"language": request.user.language}
    )
    if request.method == "POST" and form.is_valid():
        user_language_set(actor=request.user, language=form.cleaned_data["language"])
        messages.success(request, SAVED)
        return redirect("profile")
    return render(request, "school/profile.html", {"form": form})
