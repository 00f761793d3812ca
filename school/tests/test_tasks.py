import datetime
import time
from decimal import Decimal

from school.models import Role, TeachingAssignment
from school.models import TeachingAssignmentUserObjectPermission as UserObjectPermission
from school.services import structure
from school.tasks import teaching_assignments_expire_task
from school.tests.factories import (
    AcademicYearFactory,
    SchoolFactory,
    SubjectFactory,
    member,
)


def test_worker_revokes_journals_of_ended_loads(celery_worker):
    # given: a load that ended yesterday but still has its journal grant
    school = SchoolFactory()
    year = AcademicYearFactory(school=school)
    deputy, teacher = member(Role.DEPUTY, school), member(Role.TEACHER, school)
    school_class = structure.school_class_create(
        actor=deputy, year=year, grade=5, letter="А"
    )
    load = structure.teaching_assignment_create(
        actor=deputy,
        year=year,
        teacher=teacher,
        subject=SubjectFactory(school=school),
        group=structure.whole_class_group(school_class),
        hours_per_week=Decimal("2"),
        starts_on=datetime.date(2026, 9, 1),
    )
    yesterday = school.local_today() - datetime.timedelta(days=1)
    TeachingAssignment.objects.filter(pk=load.pk).update(ends_on=yesterday)
    # when: the worker runs the hourly job
    teaching_assignments_expire_task.delay()
    # then: the grant is gone, and a second run finds nothing left to do
    deadline = time.monotonic() + 30
    while UserObjectPermission.objects.filter(content_object=load).exists():
        assert time.monotonic() < deadline, "the worker did not revoke the grant"
        time.sleep(0.2)
    teacher = type(teacher).objects.get(pk=teacher.pk)
    assert not teacher.has_perm("school.keep_journal", load)
    assert teaching_assignments_expire_task.apply().get() == 0
