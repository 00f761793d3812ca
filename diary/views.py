"""The family side. The week view arrives with the diary issue."""

from django.utils.translation import gettext_lazy as _

from school.http import role_required
from school.models import Role
from school.views.home import role_home


@role_required(Role.PARENT)
def parent_home(request):
    return role_home(
        request,
        title=_("Diary"),
        intro=_("Your children's marks, homework, attendance and messages."),
        coming=[
            _("The week's timetable, topics, homework and marks of each child"),
            _("Period mark forecast"),
            _("Messages with teachers, announcements and polls"),
        ],
    )


@role_required(Role.STUDENT)
def student_home(request):
    return role_home(
        request,
        title=_("My diary"),
        intro=_("Your timetable, homework and marks."),
        coming=[
            _("The week's timetable, topics, homework and marks"),
            _("Period mark forecast"),
        ],
    )
