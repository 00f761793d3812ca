"""Shared helpers of the structure pages: the year, the form round trip."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.shortcuts import redirect, render

from ..selectors.accounts import academic_year_current
from ..selectors.setup import structure_school_for_view

FORM_TEMPLATE = "school/structure_form.html"


def with_year(view):
    """Pass the current year; without one, say so instead of an empty page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        school = structure_school_for_view(request.user, request.school)
        year = academic_year_current(school)
        if year is None:
            return render(request, "school/structure_no_year.html", status=200)
        return view(request, *args, year=year, **kwargs)

    return wrapper


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's refusal on the form: on the field it names, else on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, texts in error.message_dict.items():
        target = field if field in form.fields else None
        for text in texts:
            form.add_error(None if field == NON_FIELD_ERRORS else target, text)


def form_page(request, form, *, title, save, success, done, back=None, intro=""):
    """Validate, call the service, redirect with a message; else show the errors."""
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(done(result) if callable(done) else done)
    back = back or (None if callable(done) else done)
    context = {"form": form, "title": title, "back": back, "intro": intro}
    return render(request, FORM_TEMPLATE, context)
