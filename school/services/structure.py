"""The year's structure: calendar, reference lists, classes, groups, load."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .. import events, permissions
from ..models import (
    AcademicYear,
    CurriculumLine,
    GradingScale,
    GroupKind,
    GroupMembership,
    Holiday,
    IndividualPlan,
    Membership,
    PeriodKind,
    PeriodScheme,
    Role,
    Room,
    School,
    SchoolClass,
    Student,
    StudyGroup,
    StudyPeriod,
    Subject,
    TeachingAssignment,
    User,
    WorkKind,
)
from ..models.reference import DEFAULT_PASS_THRESHOLD, DEFAULT_SCALE_VALUES
from .common import (
    ensure_same_school,
    role_end,
    role_ensure,
    save_with_history,
    update_with_history,
)

PERIOD_COUNTS = {PeriodKind.QUARTER: 4, PeriodKind.TRIMESTER: 3, PeriodKind.HALF: 2}

PERIODS_OUTSIDE_YEAR = _("Every period must lie within the academic year.")
PERIODS_OVERLAP = _("Periods must follow each other without overlapping.")
PERIODS_WRONG_COUNT = _("This kind of periods needs exactly %(count)s periods.")
BANDS_OVERLAP = _("Grades %(from)s–%(to)s already have a period scheme this year.")
DATES_OUTSIDE_YEAR = _("The dates must lie within the academic year.")
SUBGROUP_NEEDS_CLASS = _("A subgroup belongs to a class and splits one subject.")
WHOLE_CLASS_IS_AUTOMATIC = _("The whole-class group is created with the class.")
NOT_IN_CLASS = _("%(pupil)s is not in class %(class)s on %(date)s.")
ALREADY_IN_GROUP = _("%(pupil)s is already in this group on these dates.")
TEACHER_NOT_STAFF = _("%(person)s does not teach at this school.")
TEACHING_ROLES = (
    Role.TEACHER,
    Role.CLASS_TEACHER,
    Role.TUTOR,
    Role.DEPUTY,
    Role.DIRECTOR,
)


# --- Calendar -----------------------------------------------------------------


@transaction.atomic
def period_scheme_create(
    *,
    actor: User,
    year: AcademicYear,
    name: str,
    kind: str,
    grade_from: int,
    grade_to: int,
    periods: list[tuple[str, datetime.date, datetime.date]],
) -> PeriodScheme:
    """A band of grades gets its periods; bands and periods may not overlap."""
    permissions.ensure_can_manage_structure(actor, year.school)
    expected = PERIOD_COUNTS.get(kind)
    if expected and len(periods) != expected:
        raise ValidationError(PERIODS_WRONG_COUNT, params={"count": expected})
    clash = PeriodScheme.objects.filter(
        year=year, grade_from__lte=grade_to, grade_to__gte=grade_from
    ).first()
    if clash is not None:
        raise ValidationError(
            BANDS_OVERLAP, params={"from": clash.grade_from, "to": clash.grade_to}
        )
    ordered = sorted(periods, key=lambda p: p[1])
    for (_n, _s, end), (_n2, start, _e) in itertools.pairwise(ordered):
        if start <= end:
            raise ValidationError(PERIODS_OVERLAP)
    for _name, start, end in ordered:
        if not (year.contains(start) and year.contains(end)):
            raise ValidationError(PERIODS_OUTSIDE_YEAR)
    scheme = PeriodScheme(
        school=year.school,
        year=year,
        name=name,
        kind=kind,
        grade_from=grade_from,
        grade_to=grade_to,
    )
    save_with_history(scheme, actor)
    for number, (period_name, start, end) in enumerate(ordered, start=1):
        period = StudyPeriod(
            school=year.school,
            scheme=scheme,
            number=number,
            name=period_name,
            starts_on=start,
            ends_on=end,
        )
        save_with_history(period, actor)
    return scheme


@transaction.atomic
def holiday_create(
    *,
    actor: User,
    year: AcademicYear,
    kind: str,
    name: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    grade_from: int = 1,
    grade_to: int = 11,
) -> Holiday:
    """Holidays and extra days off, for all grades or a band (1st-grade February)."""
    permissions.ensure_can_manage_structure(actor, year.school)
    if not (year.contains(starts_on) and year.contains(ends_on)):
        raise ValidationError(DATES_OUTSIDE_YEAR)
    holiday = Holiday(
        school=year.school,
        year=year,
        kind=kind,
        name=name,
        starts_on=starts_on,
        ends_on=ends_on,
        grade_from=grade_from,
        grade_to=grade_to,
    )
    save_with_history(holiday, actor)
    return holiday


# --- Reference lists ----------------------------------------------------------


@transaction.atomic
def subject_create(
    *, actor: User, school: School, name: str, short_name: str = "", component: str
) -> Subject:
    permissions.ensure_can_manage_structure(actor, school)
    subject = Subject(
        school=school, name=name.strip(), short_name=short_name, component=component
    )
    save_with_history(subject, actor)
    return subject


@transaction.atomic
def subject_update(*, actor: User, subject: Subject, **fields) -> Subject:
    permissions.ensure_can_manage_structure(actor, subject.school)
    update_with_history(subject, actor, fields)
    return subject


@transaction.atomic
def room_create(
    *, actor: User, school: School, name: str, capacity: int | None = None
) -> Room:
    permissions.ensure_can_manage_structure(actor, school)
    room = Room(school=school, name=name.strip(), capacity=capacity)
    save_with_history(room, actor)
    return room


@transaction.atomic
def room_update(*, actor: User, room: Room, name: str, capacity: int | None) -> Room:
    """Rename a room or change its seats; names stay unique within the school."""
    permissions.ensure_can_manage_structure(actor, room.school)
    update_with_history(room, actor, {"name": name.strip(), "capacity": capacity})
    return room


@transaction.atomic
def grading_scale_create(
    *,
    actor: User,
    school: School,
    name: str,
    kind: str,
    grade_from: int = 1,
    grade_to: int = 11,
    values: list[str] | None = None,
    pass_threshold: str | None = None,
) -> GradingScale:
    """A scale for a band of grades; values default to the kind's standard marks."""
    permissions.ensure_can_manage_structure(actor, school)
    scale = GradingScale(
        school=school,
        name=name,
        kind=kind,
        values=list(DEFAULT_SCALE_VALUES[kind] if values is None else values),
        pass_threshold=(
            DEFAULT_PASS_THRESHOLD[kind] if pass_threshold is None else pass_threshold
        ),
        grade_from=grade_from,
        grade_to=grade_to,
    )
    save_with_history(scale, actor)
    return scale


@transaction.atomic
def work_kind_create(
    *,
    actor: User,
    school: School,
    name: str,
    weight: Decimal,
    short_name: str = "",
    deadline_days: int | None = None,
    is_control: bool = False,
) -> WorkKind:
    permissions.ensure_can_manage_structure(actor, school)
    kind = WorkKind(
        school=school,
        name=name,
        short_name=short_name,
        weight=weight,
        deadline_days=deadline_days,
        is_control=is_control,
    )
    save_with_history(kind, actor)
    return kind


# --- Classes and groups -------------------------------------------------------


@transaction.atomic
def school_class_create(
    *,
    actor: User,
    year: AcademicYear,
    grade: int,
    letter: str,
    class_teacher: User | None = None,
    days_per_week: int = 5,
    shift: int = 1,
) -> SchoolClass:
    """A class and its whole-class study group, created together."""
    permissions.ensure_can_manage_structure(actor, year.school)
    school_class = SchoolClass(
        school=year.school,
        year=year,
        grade=grade,
        letter=letter.strip().upper(),
        days_per_week=days_per_week,
        shift=shift,
    )
    save_with_history(school_class, actor)
    group = StudyGroup(
        school=year.school,
        year=year,
        kind=GroupKind.CLASS,
        name=school_class.name,
        school_class=school_class,
        grade=grade,
    )
    save_with_history(group, actor)
    if class_teacher is not None:
        class_teacher_assign(
            actor=actor, school_class=school_class, teacher=class_teacher
        )
    return school_class


def whole_class_group(school_class: SchoolClass) -> StudyGroup:
    return StudyGroup.objects.get(school_class=school_class, kind=GroupKind.CLASS)


def _ensure_teaches_here(user: User, school: School) -> None:
    if (
        not Membership.objects.active()
        .filter(user=user, school=school, role__in=TEACHING_ROLES)
        .exists()
    ):
        raise ValidationError(TEACHER_NOT_STAFF, params={"person": user})


@transaction.atomic
def class_teacher_assign(
    *, actor: User, school_class: SchoolClass, teacher: User | None
) -> SchoolClass:
    """Appoint (or clear) the class teacher: role and read access to the class."""
    permissions.ensure_can_manage_structure(actor, school_class.school)
    school = school_class.school
    previous = school_class.class_teacher
    if previous == teacher:
        return school_class
    if teacher is not None:
        _ensure_teaches_here(teacher, school)
    school_class.class_teacher = teacher
    save_with_history(school_class, actor, ["class_teacher"])
    if (
        previous is not None
        and not SchoolClass.objects.filter(
            school=school, year=school_class.year, class_teacher=previous
        ).exists()
    ):
        role_end(actor, previous, school, Role.CLASS_TEACHER)
    if teacher is not None:
        role_ensure(actor, teacher, school, Role.CLASS_TEACHER)
    return school_class


@transaction.atomic
def study_group_create(
    *,
    actor: User,
    year: AcademicYear,
    kind: str,
    name: str,
    grade: int,
    school_class: SchoolClass | None = None,
    subject: Subject | None = None,
) -> StudyGroup:
    """Subgroups are formed by the class teacher; other groups by the administration."""
    school = year.school
    ensure_same_school(school, school_class, subject)
    if kind == GroupKind.CLASS:
        raise ValidationError(WHOLE_CLASS_IS_AUTOMATIC)
    if kind == GroupKind.SUBGROUP:
        if school_class is None or subject is None:
            raise ValidationError(SUBGROUP_NEEDS_CLASS)
        permissions.ensure_can_edit_class_groups(actor, school_class)
        grade = school_class.grade
    else:
        permissions.ensure_can_manage_structure(actor, school)
    group = StudyGroup(
        school=school,
        year=year,
        kind=kind,
        name=name.strip(),
        grade=grade,
        school_class=school_class,
        subject=subject,
    )
    save_with_history(group, actor)
    return group


@transaction.atomic
def group_member_add(
    *,
    actor: User,
    group: StudyGroup,
    student: Student,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
) -> GroupMembership:
    """Put a pupil into a group from a date; a subgroup takes its class's pupils."""
    permissions.ensure_can_edit_group_members(actor, group)
    ensure_same_school(group.school, student)
    if group.school_class_id is not None and group.kind == GroupKind.SUBGROUP:
        enrolled = student.enrollments.on(starts_on).filter(
            school_class_id=group.school_class_id
        )
        if not enrolled.exists():
            raise ValidationError(
                NOT_IN_CLASS,
                params={
                    "pupil": student,
                    "class": group.school_class.name,
                    "date": starts_on.strftime("%d.%m.%Y"),
                },
            )
    overlapping = GroupMembership.objects.filter(group=group, student=student)
    overlapping = overlapping.within_dates(starts_on, ends_on or datetime.date.max)
    if overlapping.exists():
        raise ValidationError(ALREADY_IN_GROUP, params={"pupil": student})
    membership = GroupMembership(
        school=group.school,
        group=group,
        student=student,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    save_with_history(membership, actor)
    return membership


@transaction.atomic
def group_member_end(
    *, actor: User, membership: GroupMembership, ends_on: datetime.date
) -> GroupMembership:
    """Take a pupil out of a group from a date; the earlier rows stay as they were."""
    permissions.ensure_can_edit_group_members(actor, membership.group)
    membership.ends_on = ends_on
    save_with_history(membership, actor, ["ends_on"])
    return membership


@transaction.atomic
def individual_plan_create(
    *, actor: User, year: AcademicYear, student: Student, basis: str, notes: str = ""
) -> IndividualPlan:
    permissions.ensure_can_manage_structure(actor, year.school)
    ensure_same_school(year.school, student)
    plan = IndividualPlan(
        school=year.school, year=year, student=student, basis=basis, notes=notes
    )
    save_with_history(plan, actor)
    return plan


# --- Curriculum and load ------------------------------------------------------


@transaction.atomic
def curriculum_line_set(
    *,
    actor: User,
    year: AcademicYear,
    grade: int,
    subject: Subject,
    hours_per_week: Decimal,
) -> CurriculumLine:
    """Hours a week of a subject in a grade; setting again updates the line."""
    permissions.ensure_can_manage_structure(actor, year.school)
    ensure_same_school(year.school, subject)
    line = CurriculumLine.objects.filter(
        year=year, grade=grade, subject=subject
    ).first()
    if line is None:
        line = CurriculumLine(
            school=year.school,
            year=year,
            grade=grade,
            subject=subject,
            hours_per_week=hours_per_week,
        )
        save_with_history(line, actor)
    elif line.hours_per_week != hours_per_week:
        line.hours_per_week = hours_per_week
        save_with_history(line, actor, ["hours_per_week"])
    return line


@transaction.atomic
def teaching_assignment_create(
    *,
    actor: User,
    year: AcademicYear,
    teacher: User,
    subject: Subject,
    group: StudyGroup,
    hours_per_week: Decimal,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
) -> TeachingAssignment:
    """Give a teacher a subject in a group: its journal on these dates (C1)."""
    school = year.school
    permissions.ensure_can_manage_structure(actor, school)
    ensure_same_school(school, subject, group)
    _ensure_teaches_here(teacher, school)
    assignment = TeachingAssignment(
        school=school,
        year=year,
        teacher=teacher,
        subject=subject,
        group=group,
        hours_per_week=hours_per_week,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    save_with_history(assignment, actor)
    events.load_assigned(actor=actor, school=school, assignment=assignment)
    return assignment


@transaction.atomic
def teaching_assignment_end(
    *, actor: User, assignment: TeachingAssignment, ends_on: datetime.date
) -> TeachingAssignment:
    """End a load: the journal is no longer theirs after the last day (C1)."""
    permissions.ensure_can_manage_structure(actor, assignment.school)
    assignment.ends_on = ends_on
    save_with_history(assignment, actor, ["ends_on"])
    return assignment
