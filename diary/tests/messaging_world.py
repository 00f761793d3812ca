"""A small school for the messaging tests: two classes, their teachers, families."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from diary.tests.factories import register_diary_access
from school.models import GuardianRelation, Relation, Role, StudyGroup, User
from school.tests.factories import (
    GroupMembershipFactory,
    GuardianFactory,
    MembershipFactory,
    StudyGroupFactory,
    SubjectFactory,
    TeachingAssignmentFactory,
    member,
)

SEPTEMBER = datetime.date(2026, 9, 1)


@dataclass
class World:
    school: object
    today: datetime.date
    group: StudyGroup  # 5А, whole class
    other_group: StudyGroup  # 6Б, whole class
    teacher: User  # teaches 5А
    other_teacher: User  # teaches 6Б only
    class_teacher: User  # class teacher of 5А, teaches nothing
    deputy: User
    director: User
    sysadmin: User
    pupil: object  # Student of 5А
    pupil_user: User
    parent: User
    other_pupil: object  # Student of 6Б
    other_pupil_user: User
    other_parent: User


def pupil_in(group: StudyGroup, last_name: str = "Петров", **kwargs):
    """A pupil with a login in the group's class from 1 September."""
    student = GroupMembershipFactory(
        group=group, starts_on=SEPTEMBER, student__user__last_name=last_name, **kwargs
    ).student
    MembershipFactory(user=student.user, school=group.school, role=Role.STUDENT)
    return student


def parent_of(student, last_name: str = "Петрова") -> User:
    parent = member(Role.PARENT, student.school, last_name=last_name)
    guardian = GuardianFactory(school=student.school, user=parent)
    GuardianRelation.objects.create(
        school=student.school,
        guardian=guardian,
        student=student,
        relation=Relation.MOTHER,
    )
    register_diary_access(guardian, student)
    return parent


def build_world(school) -> World:
    year = school.academic_years.get()
    group = StudyGroupFactory(
        year=year, school_class__grade=5, school_class__letter="А"
    )
    other = StudyGroupFactory(
        year=year, school_class__grade=6, school_class__letter="Б"
    )
    teacher = member(Role.TEACHER, school, last_name="Учителева")
    other_teacher = member(Role.TEACHER, school, last_name="Другова")
    class_teacher = member(Role.CLASS_TEACHER, school, last_name="Классная")
    group.school_class.class_teacher = class_teacher
    group.school_class.save()
    math = SubjectFactory(school=school, name="Математика")
    TeachingAssignmentFactory(group=group, subject=math, teacher=teacher)
    TeachingAssignmentFactory(group=other, subject=math, teacher=other_teacher)
    pupil = pupil_in(group, "Петров")
    other_pupil = pupil_in(other, "Сидоров")
    return World(
        school=school,
        today=school.local_today(),
        group=group,
        other_group=other,
        teacher=teacher,
        other_teacher=other_teacher,
        class_teacher=class_teacher,
        deputy=member(Role.DEPUTY, school, last_name="Завучева"),
        director=member(Role.DIRECTOR, school, last_name="Директорова"),
        sysadmin=member(Role.SYSADMIN, school, last_name="Админова"),
        pupil=pupil,
        pupil_user=pupil.user,
        parent=parent_of(pupil, "Петрова"),
        other_pupil=other_pupil,
        other_pupil_user=other_pupil.user,
        other_parent=parent_of(other_pupil, "Сидорова"),
    )
