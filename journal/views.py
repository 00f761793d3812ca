"""The teacher's pages. The journal grid itself arrives with the journal issue."""

from django.utils.translation import gettext_lazy as _

from school.http import role_required
from school.models import Role
from school.views.home import role_home


@role_required(Role.TEACHER, Role.TUTOR)
def teacher_home(request):
    return role_home(
        request,
        title=_("My lessons today"),
        intro=_("Today's lessons from the timetable, one click to each journal page."),
        coming=[
            _("Today's lessons with substitutions"),
            _("The journal grid: marks, attendance, topics and homework"),
            _("Correction requests for past entries"),
        ],
    )


@role_required(Role.CLASS_TEACHER)
def class_teacher_home(request):
    return role_home(
        request,
        title=_("My class"),
        intro=_("All subjects of your class, its pupils and their parents."),
        coming=[
            _("Class list with parents and their logins"),
            _("All subjects of the class, read-only, with absences and averages"),
            _("Who has opened the diary this week"),
        ],
    )
