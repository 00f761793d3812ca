"""The landing page of each role and the dispatch to it after login."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from school import permissions
from school.selectors import accounts as selectors

from ..http import role_required
from ..models import Role
from ..selectors.accounts import academic_year_current

SETTINGS_LINK = _("School settings: edit windows, deadlines, grading scale")

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
    request,
    *,
    title,
    intro,
    links=(),
    template="school/role_home.html",
    extra=None,
):
    """Render a role's home: a tile for each part that works for the role."""
    school = request.school
    return render(
        request,
        template,
        {
            "title": title,
            "intro": intro,
            "links": [(reverse(name, args=args), label) for name, args, label in links],
            "year": academic_year_current(school) if school is not None else None,
            **(extra or {}),
        },
    )


COMPROMISE_LINK = _("Compromised accounts: reports and review")


def structure_links(user, school) -> list[tuple[str, tuple, str]]:
    """The year's set-up pages the user may open, in the order a deputy works."""
    links = []
    if permissions.can_change_school_settings(user, school):
        links.append(("school:settings", (school.pk,), SETTINGS_LINK))
    if permissions.can_view_structure(user, school):
        links += [
            ("school:calendar", (), _("Academic calendar: periods and holidays")),
            (
                "school:reference",
                (),
                _("Subjects, rooms, grading scales, kinds of work"),
            ),
            ("school:class-list", (), _("Classes, pupils and parents")),
            ("school:group-list", (), _("Study groups and subgroups")),
            ("school:curriculum", (), _("Curriculum")),
            ("school:load", (), _("Teaching load")),
            ("school:timetable-home", (), _("Timetable, bells and substitutions")),
            ("school:plan-list", (), _("Topic plans (КТП)")),
            ("school:control-work-list", (), _("Control-work schedule")),
        ]
    if permissions.can_manage_staff(user, school) or permissions.can_manage_structure(
        user, school
    ):
        links.append(("school:staff-list", (), _("Staff: hires and dismissals")))
    if permissions.can_manage_structure(user, school) or permissions.can_manage_staff(
        user, school
    ):
        links.append(("school:import-list", (), _("Import and export of lists")))
    return links


@role_required(Role.DIRECTOR, Role.DEPUTY)
def office_home(request):
    return role_home(
        request,
        title=_("School administration"),
        intro=_("Setting up the school, its periods and the journal's rules."),
        links=[
            (
                "journal:correction-queue",
                (),
                _("Correction requests and closing of periods"),
            ),
            ("diary:looked", (), _("Who has opened the diary this week")),
            (
                "diary:consent-classes",
                (),
                _("Parents' applications, consents and paper extracts"),
            ),
            ("diary:announcement-list", (), _("Announcements and polls")),
            ("audit:compromise-list", (), COMPROMISE_LINK),
            *structure_links(request.user, request.school),
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
            ("school:event-list", (school.pk,), _("Events log")),
            ("school:credentials", (), _("Logins and passwords")),
            ("audit:compromise-list", (), COMPROMISE_LINK),
            ("archive:backup-page", (), _("Backups and export of all data")),
            (
                "school:two-factor-staff",
                (school.pk,),
                _("Two-factor login of the staff"),
            ),
            *structure_links(request.user, school),
        ],
        template="school/sysadmin_home.html",
        extra={"audit": selectors.audit_result_latest(school)},
    )


@role_required(Role.HR)
def hr_home(request):
    return role_home(
        request,
        title=_("HR"),
        intro=_("Hires and dismissals of the school's staff."),
        links=structure_links(request.user, request.school),
    )
