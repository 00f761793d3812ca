"""The landing page of each role and the dispatch to it after login."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from ..http import role_required
from ..models import Role
from ..permissions import can_change_school_settings
from ..selectors import academic_year_current

ROLE_HOME = {
    Role.DIRECTOR: "school:office-home",
    Role.DEPUTY: "school:office-home",
    Role.SYSADMIN: "school:sysadmin-home",
    Role.HR: "school:hr-home",
    Role.TEACHER: "journal:teacher-home",
    Role.TUTOR: "journal:teacher-home",
    Role.CLASS_TEACHER: "journal:class-teacher-home",
    Role.PARENT: "diary:parent-home",
    Role.STUDENT: "diary:student-home",
    Role.INSPECTOR: "reports:monitoring-home",
}


def home(request):
    """Send the user to the home page of their active role."""
    if request.membership is None:
        if request.user.is_superuser:
            return redirect("admin:index")
        return render(request, "school/no_membership.html", status=403)
    return redirect(ROLE_HOME[request.membership.role])


def role_home(
    request, *, title, intro, links=(), coming=(), template="school/role_home.html"
):
    """Render a role's home: what works now, and honestly what is not built yet."""
    school = request.school
    return render(
        request,
        template,
        {
            "title": title,
            "intro": intro,
            "links": links,
            "coming": coming,
            "year": academic_year_current(school) if school is not None else None,
        },
    )


@role_required(Role.DIRECTOR, Role.DEPUTY)
def office_home(request):
    school = request.school
    links = []
    if can_change_school_settings(request.user, school):
        links.append(
            (
                "school:settings",
                school.pk,
                _("School settings: edit windows, deadlines, grading scale"),
            )
        )
    return role_home(
        request,
        title=_("School administration"),
        intro=_("Setting up the school, its periods and the journal's rules."),
        links=links,
        coming=[
            _("Academic calendar, classes, groups, curriculum and timetable"),
            _("Correction requests queue and period closing"),
            _("Summary sheets, reports and certified hard copies"),
        ],
    )


@role_required(Role.SYSADMIN)
def sysadmin_home(request):
    school = request.school
    return role_home(
        request,
        title=_("System administrator"),
        intro=_("Accounts, access, the events log and the service's health."),
        links=[
            ("school:event-list", school.pk, _("Events log")),
            ("school:settings", school.pk, _("School settings")),
        ],
        coming=[
            _("Bulk logins and passwords with printable slips"),
            _("Imports of pupils, parents and staff"),
            _("Backups, restore and the archive"),
        ],
    )


@role_required(Role.HR)
def hr_home(request):
    return role_home(
        request,
        title=_("HR"),
        intro=_("Hires and dismissals of the school's staff."),
        coming=[_("Staff list with hires and dismissals")],
    )
