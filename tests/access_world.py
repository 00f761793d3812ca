"""One world for the access matrix: two schools, each with two classes, their
teachers and families, and one object of every kind a URL names.

Side A is "ours" (the own class 5А and the other class 5Б of the same school);
side B is another school of another education department, built the same way.
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from django.core.files.base import ContentFile

from archive.models import ExportJob
from audit.models import CompromiseReport
from diary.models import Audience, Scope
from diary.services import messages as services_messages
from diary.tests.builders_week import homework, lesson, student_login
from diary.tests.delivery_world import build_world, papers
from journal.models import CorrectionRequest
from school.models import (
    BellSchedule,
    ControlWork,
    CredentialsJob,
    GroupMembership,
    GuardianRelation,
    ImportJob,
    LessonPlanItem,
    Role,
    TeachingAssignment,
)
from school.tests.factories import RoomFactory, StaffMemberFactory, member


def _correction(w, lesson_, teacher, group, subject):
    return CorrectionRequest.objects.create(
        school=w.school,
        teacher=teacher,
        group=group,
        subject=subject,
        lesson=lesson_,
        lesson_date=lesson_.date,
        changes=[],
        changes_text="Исправить 2 на 4",
        reason="Ошибка при вводе",
    )


def _board(w, author, school_class):
    common = {
        "actor": author,
        "school": w.school,
        "scope": Scope.CLASS,
        "target": school_class,
        "audience": Audience.BOTH,
    }
    announcement = services_messages.announcement_publish(
        **common, title="Собрание", text="В четверг в 18:00"
    )
    poll = services_messages.poll_create(
        **common, question="Экскурсия?", options=["Да", "Нет"]
    )
    return announcement, poll


def build_side() -> SimpleNamespace:
    """A school with everything the URLs name, own (5А) and other (5Б)."""
    w = build_world()
    school = w.school
    w.director = member(Role.DIRECTOR, school, last_name="Директорова")
    w.sysadmin = member(Role.SYSADMIN, school, last_name="Админова")
    w.inspector = member(Role.INSPECTOR, school, last_name="Инспекторова")
    w.pupil_user = student_login(w.pupil)
    w.application, w.consent = papers(w)
    w.other_application, w.other_consent = papers(
        w,
        guardian=w.foreign_guardian,
        student=w.foreign,
        actor=w.other_class_teacher,
    )
    w.link = GuardianRelation.objects.get(guardian=w.guardian, student=w.pupil)
    w.other_link = GuardianRelation.objects.get(
        guardian=w.foreign_guardian, student=w.foreign
    )
    w.lesson = lesson(vars(w))
    w.other_lesson = lesson(vars(w), group=w.other, number=4)
    w.homework = homework(
        vars(w), w.lesson, attachment=("task.pdf", ContentFile(b"%PDF-1.4 x"))
    )
    w.other_homework = homework(
        vars(w), w.other_lesson, attachment=("task.pdf", ContentFile(b"%PDF-1.4 y"))
    )
    w.correction = _correction(w, w.lesson, w.teacher, w.group, w.maths)
    w.other_correction = _correction(w, w.other_lesson, w.teacher, w.other, w.maths)
    w.staff = StaffMemberFactory(school=school, user=w.teacher)
    w.room = RoomFactory(school=school)
    w.bells = BellSchedule.objects.get(school=school)
    w.import_job = ImportJob.objects.create(
        school=school,
        kind="students",
        file_name="list.csv",
        content=b"",
        sha256="0" * 64,
        status="invalid",
        created_by=w.director,
    )
    w.plan_item = LessonPlanItem.objects.create(
        school=school,
        year=w.year,
        group=w.group,
        subject=w.maths,
        number=1,
        topic="Дроби",
    )
    w.other_plan_item = LessonPlanItem.objects.create(
        school=school,
        year=w.year,
        group=w.other,
        subject=w.maths,
        number=1,
        topic="Проценты",
    )
    w.control_work = ControlWork.objects.create(
        school=school,
        year=w.year,
        group=w.group,
        subject=w.maths,
        date=datetime.date(2026, 12, 10),
        title="Контрольная по дробям",
        created_by=w.deputy,
    )
    w.conversation = services_messages.conversation_start(
        actor=w.parent,
        school=school,
        recipients=[w.teacher],
        topic="Домашнее задание",
        text="Здравствуйте!",
    )
    w.other_conversation = services_messages.conversation_start(
        actor=w.foreign_parent,
        school=school,
        recipients=[w.teacher],
        topic="Справка",
        text="Добрый день.",
    )
    w.announcement, w.poll = _board(w, w.class_teacher, w.school_class)
    w.other_announcement, w.other_poll = _board(w, w.other_class_teacher, w.other_class)
    w.group_membership = GroupMembership.objects.get(group=w.group, student=w.pupil)
    w.other_group_membership = GroupMembership.objects.get(
        group=w.other, student=w.foreign
    )
    w.assignment = TeachingAssignment.objects.get(group=w.group, subject=w.maths)
    w.other_assignment = TeachingAssignment.objects.get(group=w.other, subject=w.maths)
    # Jobs and reports the sysadmin's and deputy's pages name.
    w.export_job = ExportJob.objects.create(
        school=school,
        requested_by=w.sysadmin,
        date_from=datetime.date(2026, 9, 1),
        date_to=datetime.date(2026, 12, 1),
    )
    w.credentials_job = CredentialsJob.objects.create(
        school=school,
        requested_by=w.class_teacher,
        school_class=w.school_class,
        audience="students",
    )
    w.compromise_report = CompromiseReport.objects.create(
        school=school,
        user=w.teacher,
        reported_by=w.sysadmin,
        since=datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC),
    )
    return w
