"""Small helpers the journal's page views share."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404

from school.errors import ApplicationError


def add_errors(form, error) -> None:
    if isinstance(error, ApplicationError):
        form.add_error(None, str(error.message))
    elif isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def parse_day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise Http404 from error
