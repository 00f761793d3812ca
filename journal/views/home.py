"""The teacher's home: today's lessons and the journals they keep."""

from django.utils.translation import gettext_lazy as _

from journal.selectors import lessons as selectors_lessons
from journal.views.grid import grid_links_for, grid_url
from school import permissions as school_permissions
from school.http import role_required
from school.models import Role, SchoolClass
from school.views.home import role_home


def _class_label(school_class):
    return _("Class %(name)s: pupils, parents, groups") % {"name": school_class.name}


def _summary_label(school_class):
    return _("Journal of %(name)s: all subjects, averages, absences") % {
        "name": school_class.name
    }


def _timetable_label(school_class):
    return _("Timetable of %(name)s") % {"name": school_class.name}


@role_required(Role.TEACHER, Role.TUTOR)
def teacher_home(request):
    """Today's lessons of the teacher (C1), or why there are none."""
    school, today = request.school, request.school.local_today()
    day = selectors_lessons.teacher_day(request.user, school, today)
    lessons = [
        {
            "slot": slot,
            "grid_url": grid_url(slot.group.pk, slot.subject.pk),
            "recorded": day.recorded.get(
                (slot.group.pk, slot.subject.pk, slot.lesson_number)
            ),
        }
        for slot in day.lessons
    ]
    return role_home(
        request,
        title=_("My lessons today"),
        intro=_("Today's lessons from the timetable, one click to each journal page."),
        template="journal/home_teacher.html",
        extra={
            "today": today,
            "lessons": lessons,
            "day": day,
            "can_fix": school_permissions.can_manage_timetable(request.user, school),
            "journals": grid_links_for(request.user, school, today),
        },
        links=[
            ("school:timetable-teacher", (request.user.pk,), _("My timetable")),
            ("journal:correction-list", (), _("My correction requests")),
            ("school:plan-list", (), _("My topic plans (КТП)")),
            ("school:control-work-list", (), _("Control-work schedule")),
            ("diary:announcement-list", (), _("Announcements and polls")),
        ],
    )


@role_required(Role.CLASS_TEACHER)
def class_teacher_home(request):
    classes = SchoolClass.objects.for_school(request.school).filter(
        class_teacher=request.user
    )
    links = []
    for school_class in classes.order_by("grade", "letter"):
        links += [
            (
                "journal:class-summary",
                (school_class.pk,),
                _summary_label(school_class),
            ),
            ("school:class-detail", (school_class.pk,), _class_label(school_class)),
            (
                "school:timetable-class",
                (school_class.pk,),
                _timetable_label(school_class),
            ),
        ]
    return role_home(
        request,
        title=_("My class"),
        intro=_("All subjects of your class, its pupils and their parents."),
        links=[
            *links,
            (
                "school:credentials",
                (),
                _("Logins and passwords for pupils and parents"),
            ),
            ("diary:looked", (), _("Who has opened the diary this week")),
            (
                "diary:consent-classes",
                (),
                _("Parents' applications, consents and paper extracts"),
            ),
            ("diary:announcement-list", (), _("Announcements and polls")),
        ],
    )
