"""The family side's home pages; the diary pages themselves are in views_week."""

from django.utils.translation import gettext_lazy as _

from diary.access import open_pupils
from diary.selectors import family as selectors
from school.http import role_required
from school.models import Role
from school.views.home import role_home

FAMILY_LINKS = [
    ("diary:message-list", (), _("Messages, announcements and polls")),
]
PARENT_LINKS = [
    *FAMILY_LINKS,
    ("diary:consent-mine", (), _("My application, consent and delivery of the diary")),
]


def _family_home(request, *, pupils, title, intro, links=FAMILY_LINKS):
    # A parent's child without registered papers shows nothing but what to bring.
    if request.membership.role == Role.PARENT:
        opened = open_pupils(request.user, pupils)
    else:
        opened = {pupil.pk for pupil in pupils}
    readable = [pupil for pupil in pupils if pupil.pk in opened]
    works = selectors.control_works_upcoming(readable, request.school.local_today())
    return role_home(
        request,
        title=title,
        intro=intro,
        links=links,
        template="diary/home.html",
        extra={
            "pupils": [(p, works[p.pk] if p.pk in opened else None) for p in pupils],
            "closed": {p.pk for p in pupils} - opened,
        },
    )


@role_required(Role.PARENT)
def parent_home(request):
    return _family_home(
        request,
        pupils=selectors.children_for_parent(request.user, request.school),
        title=_("Diary"),
        intro=_("Your children's marks, homework, attendance and messages."),
        links=PARENT_LINKS,
    )


@role_required(Role.STUDENT)
def student_home(request):
    return _family_home(
        request,
        pupils=selectors.self_for_student(request.user, request.school),
        title=_("My diary"),
        intro=_("Your timetable, homework and marks."),
    )
