"""Tenancy and school structure: schools, years, people, classes, timetable."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolConfig(AppConfig):
    name = "school"
    verbose_name = _("School structure")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .services.two_factor import note_device_at_login

        # Auth plumbing, like django-otp's own receiver: the session learns at
        # login whether a second step is owed, so pages pay no query for it.
        user_logged_in.connect(note_device_at_login, dispatch_uid="two-factor")

        from .session_timeouts import stamp_login

        # Every way in (the login page, the admin's, force_login in tests) starts
        # the session clock in the same write that stores the login.
        user_logged_in.connect(stamp_login, dispatch_uid="school.session_timeouts")
