"""The family side. The full diary week view arrives with the diary issue."""

from django.utils.translation import gettext_lazy as _

from school.http import role_required
from school.models import Role
from school.views.home import role_home

from . import selectors

COMING_PARENT = [
    _("The week's timetable, topics, homework and marks of each child"),
    _("Period mark forecast"),
    _("Messages with teachers, announcements and polls"),
]
COMING_STUDENT = [
    _("The week's timetable, topics, homework and marks"),
    _("Period mark forecast"),
]


def _family_home(request, *, pupils, title, intro, coming):
    works = selectors.control_works_upcoming(pupils, request.school.local_today())
    return role_home(
        request,
        title=title,
        intro=intro,
        coming=coming,
        template="diary/home.html",
        extra={"pupils": [(p, works[p.pk]) for p in pupils]},
    )


@role_required(Role.PARENT)
def parent_home(request):
    return _family_home(
        request,
        pupils=selectors.children_for_parent(request.user, request.school),
        title=_("Diary"),
        intro=_("Your children's marks, homework, attendance and messages."),
        coming=COMING_PARENT,
    )


@role_required(Role.STUDENT)
def student_home(request):
    return _family_home(
        request,
        pupils=selectors.self_for_student(request.user, request.school),
        title=_("My diary"),
        intro=_("Your timetable, homework and marks."),
        coming=COMING_STUDENT,
    )
