import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from diary.permissions.family import can_view_diary
from journal.permissions import can_keep_journal, can_read_journal
from school.models import (
    GroupKind,
    GroupMembership,
    Membership,
    PeriodKind,
    PeriodScheme,
    Role,
    SchoolClass,
    StudyGroup,
    StudyPeriod,
    TeachingAssignment,
)
from school.selectors import structure as structure_selectors
from school.services import people, structure
from school.tests.factories import SubjectFactory, member, pupil_admitted

D = datetime.date
QUARTERS = [
    ("1 четверть", D(2026, 9, 1), D(2026, 10, 24)),
    ("2 четверть", D(2026, 11, 5), D(2026, 12, 28)),
    ("3 четверть", D(2027, 1, 12), D(2027, 3, 20)),
    ("4 четверть", D(2027, 3, 30), D(2027, 5, 26)),
]
TRIMESTERS = [
    ("1 триместр", D(2026, 9, 1), D(2026, 11, 28)),
    ("2 триместр", D(2026, 12, 1), D(2027, 2, 28)),
    ("3 триместр", D(2027, 3, 1), D(2027, 5, 26)),
]


def test_period_schemes_differ_by_grade_band(year, deputy):
    # given
    structure.period_scheme_create(
        actor=deputy,
        year=year,
        name="Триместры",
        kind=PeriodKind.TRIMESTER,
        grade_from=1,
        grade_to=4,
        periods=TRIMESTERS,
    )
    structure.period_scheme_create(
        actor=deputy,
        year=year,
        name="Четверти",
        kind=PeriodKind.QUARTER,
        grade_from=5,
        grade_to=11,
        periods=QUARTERS,
    )
    # when
    day = D(2026, 11, 20)
    junior = structure_selectors.period_for(year.school, 3, day)
    senior = structure_selectors.period_for(year.school, 7, day)
    # then
    assert junior.name == "1 триместр"
    assert senior.name == "2 четверть"
    assert structure_selectors.period_for(year.school, 7, D(2026, 11, 1)) is None
    assert StudyPeriod.history.filter(history_user=deputy).count() == 7


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"grade_from": 3, "grade_to": 6}, "уже задана"),
        ({"periods": QUARTERS[:3]}, "ровно 4"),
        (
            {"periods": [*QUARTERS[:3], ("4", D(2027, 3, 1), D(2027, 5, 26))]},
            "не пересекаться",
        ),
        (
            {"periods": [*QUARTERS[:3], ("4", D(2027, 3, 30), D(2027, 9, 26))]},
            "в пределах учебного года",
        ),
    ],
)
def test_bad_period_schemes_are_refused_whole(year, deputy, kwargs, message):
    structure.period_scheme_create(
        actor=deputy,
        year=year,
        name="Триместры",
        kind=PeriodKind.TRIMESTER,
        grade_from=1,
        grade_to=4,
        periods=TRIMESTERS,
    )
    arguments = {
        "actor": deputy,
        "year": year,
        "name": "Четверти",
        "kind": PeriodKind.QUARTER,
        "grade_from": 5,
        "grade_to": 11,
        "periods": QUARTERS,
        **kwargs,
    }
    with pytest.raises(ValidationError, match=message):
        structure.period_scheme_create(**arguments)
    assert PeriodScheme.objects.count() == 1
    assert StudyPeriod.objects.count() == 3


def test_teacher_and_foreign_deputy_cannot_set_up_the_year(year, teacher, other_school):
    foreign = member(Role.DEPUTY, other_school)
    for actor in (teacher, foreign):
        with pytest.raises(PermissionDenied):
            structure.school_class_create(actor=actor, year=year, grade=5, letter="А")
        with pytest.raises(PermissionDenied):
            structure.period_scheme_create(
                actor=actor,
                year=year,
                name="x",
                kind=PeriodKind.QUARTER,
                grade_from=1,
                grade_to=11,
                periods=QUARTERS,
            )
    assert not SchoolClass.objects.exists()
    assert not SchoolClass.history.exists()
    assert not PeriodScheme.objects.exists()


def test_class_comes_with_its_whole_class_group_and_class_teacher(
    year, deputy, teacher
):
    # when
    school_class = structure.school_class_create(
        actor=deputy, year=year, grade=5, letter="а", class_teacher=teacher
    )
    # then
    assert school_class.name == "5А"
    group = StudyGroup.objects.get(school_class=school_class)
    assert (group.kind, group.name, group.grade) == (GroupKind.CLASS, "5А", 5)
    assert can_read_journal(teacher, group, SubjectFactory(school=year.school))
    assert Membership.objects.filter(
        user=teacher, role=Role.CLASS_TEACHER, is_active=True
    ).exists()


def test_new_class_teacher_takes_over_role_and_access(year, deputy, teacher):
    school_class = structure.school_class_create(
        actor=deputy, year=year, grade=5, letter="Б", class_teacher=teacher
    )
    successor = member(Role.TEACHER, year.school)
    structure.class_teacher_assign(
        actor=deputy, school_class=school_class, teacher=successor
    )
    group = structure.whole_class_group(school_class)
    maths = SubjectFactory(school=year.school)
    assert not can_read_journal(teacher, group, maths)
    assert can_read_journal(successor, group, maths)
    assert not Membership.objects.filter(
        user=teacher, role=Role.CLASS_TEACHER, is_active=True
    ).exists()


def test_class_teacher_must_teach_here(year, deputy, other_school):
    outsider = member(Role.TEACHER, other_school)
    with pytest.raises(ValidationError, match="не работает учителем"):
        structure.school_class_create(
            actor=deputy, year=year, grade=5, letter="В", class_teacher=outsider
        )
    assert not SchoolClass.objects.exists()


FIRST_DAY = D(2026, 9, 1)


def _admit(deputy, school_class, n, day=FIRST_DAY):
    return pupil_admitted(
        deputy,
        school_class,
        f"ЛД-{n}",
        starts_on=day,
        first_name=f"Пётр{n}",
        patronymic="Ильич",
    )


def test_class_teacher_forms_subgroups_of_own_class_only(year, deputy, teacher):
    # given
    mine = structure.school_class_create(
        actor=deputy, year=year, grade=6, letter="А", class_teacher=teacher
    )
    theirs = structure.school_class_create(actor=deputy, year=year, grade=6, letter="Б")
    english = SubjectFactory(school=year.school, name="Английский язык")
    pupil = _admit(deputy, mine, 1)
    # when
    group = structure.study_group_create(
        actor=teacher,
        year=year,
        kind=GroupKind.SUBGROUP,
        name="6А англ. 1",
        grade=6,
        school_class=mine,
        subject=english,
    )
    structure.group_member_add(
        actor=teacher, group=group, student=pupil, starts_on=D(2026, 9, 1)
    )
    # then
    assert group.memberships.count() == 1
    with pytest.raises(PermissionDenied):
        structure.study_group_create(
            actor=teacher,
            year=year,
            kind=GroupKind.SUBGROUP,
            name="6Б англ. 1",
            grade=6,
            school_class=theirs,
            subject=english,
        )
    assert not StudyGroup.objects.filter(name="6Б англ. 1").exists()
    assert not StudyGroup.history.filter(name="6Б англ. 1").exists()


def test_subgroup_takes_only_pupils_of_its_class(year, deputy):
    a = structure.school_class_create(actor=deputy, year=year, grade=6, letter="А")
    b = structure.school_class_create(actor=deputy, year=year, grade=6, letter="Б")
    english = SubjectFactory(school=year.school)
    group = structure.study_group_create(
        actor=deputy,
        year=year,
        kind=GroupKind.SUBGROUP,
        name="6А-1",
        grade=6,
        school_class=a,
        subject=english,
    )
    stranger = _admit(deputy, b, 2)
    with pytest.raises(ValidationError, match="не числится в 6А"):
        structure.group_member_add(
            actor=deputy, group=group, student=stranger, starts_on=D(2026, 9, 1)
        )
    assert not group.memberships.exists()


def test_transfer_keeps_the_past_in_the_old_class(year, deputy):
    # given
    a = structure.school_class_create(actor=deputy, year=year, grade=7, letter="А")
    b = structure.school_class_create(actor=deputy, year=year, grade=7, letter="Б")
    pupil = _admit(deputy, a, 3)
    # when
    people.student_transfer(
        actor=deputy,
        student=pupil,
        to_class=b,
        on=D(2026, 11, 16),
        order="45-у",
        order_date=D(2026, 11, 13),
    )
    # then
    old, new = pupil.enrollments.order_by("starts_on")
    assert (old.school_class, old.ends_on, old.end_order) == (
        a,
        D(2026, 11, 15),
        "45-у",
    )
    assert (new.school_class, new.starts_on, new.ends_on) == (b, D(2026, 11, 16), None)
    assert structure_selectors.class_pupils_on(a, D(2026, 11, 15)) == [pupil]
    assert structure_selectors.class_pupils_on(a, D(2026, 11, 16)) == []
    assert structure_selectors.class_pupils_on(b, D(2026, 11, 16)) == [pupil]
    rows = GroupMembership.objects.filter(student=pupil).order_by("starts_on")
    assert [(r.group.name, r.starts_on, r.ends_on) for r in rows] == [
        ("7А", D(2026, 9, 1), D(2026, 11, 15)),
        ("7Б", D(2026, 11, 16), None),
    ]


def test_leaving_ends_groups_and_the_pupils_login(year, deputy):
    a = structure.school_class_create(actor=deputy, year=year, grade=8, letter="А")
    pupil = _admit(deputy, a, 4)
    assert can_view_diary(pupil.user, pupil, Role.STUDENT)
    people.student_leave(
        actor=deputy,
        student=pupil,
        last_day=D(2026, 12, 1),
        order="50-у",
        order_date=D(2026, 12, 1),
    )
    assert not GroupMembership.objects.filter(student=pupil, ends_on=None).exists()
    assert not Membership.objects.filter(
        user=pupil.user, role=Role.STUDENT, is_active=True
    ).exists()
    assert not can_view_diary(pupil.user, pupil, Role.STUDENT)


def test_parent_of_children_in_two_classes(year, deputy, teacher):
    # given
    a = structure.school_class_create(
        actor=deputy, year=year, grade=2, letter="А", class_teacher=teacher
    )
    b = structure.school_class_create(actor=deputy, year=year, grade=9, letter="А")
    younger, older = _admit(deputy, a, 5), _admit(deputy, b, 6)
    # when: the class teacher records the mother for her own pupil
    link = people.guardian_link(
        actor=teacher,
        student=younger,
        relation="mother",
        last_name="Сидорова",
        first_name="Анна",
        patronymic="Павловна",
    )
    people.guardian_link(
        actor=deputy, student=older, relation="mother", user=link.guardian.user
    )
    # then
    mother = link.guardian.user
    assert can_view_diary(mother, younger, Role.PARENT)
    assert can_view_diary(mother, older, Role.PARENT)
    assert link.guardian.relations.count() == 2
    # but not for a pupil of another class
    with pytest.raises(PermissionDenied):
        people.guardian_link(
            actor=teacher,
            student=older,
            relation="father",
            last_name="Сидоров",
            first_name="Илья",
        )
    assert older.guardian_relations.count() == 1


def test_load_gives_the_journal_for_its_dates_only(year, deputy, teacher):
    school_class = structure.school_class_create(
        actor=deputy, year=year, grade=5, letter="Г"
    )
    group = structure.whole_class_group(school_class)
    maths = SubjectFactory(school=year.school, name="Математика")
    load = structure.teaching_assignment_create(
        actor=deputy,
        year=year,
        teacher=teacher,
        subject=maths,
        group=group,
        hours_per_week=Decimal("5"),
        starts_on=D(2026, 9, 1),
    )
    today = year.school.local_today()
    assert can_keep_journal(teacher, group, maths, today)
    assert not can_keep_journal(teacher, group, maths, D(2026, 8, 31))
    # when
    structure.teaching_assignment_end(actor=deputy, assignment=load, ends_on=today)
    # then: the last day is still theirs, the next one is not
    assert can_keep_journal(teacher, group, maths, today)
    assert not can_keep_journal(
        teacher, group, maths, today + datetime.timedelta(days=1)
    )


def test_dismissal_cuts_access_at_once_but_keeps_authorship(year, deputy):
    # given: HR hires a teacher who then edits something
    hr = member(Role.HR, year.school)
    staff = people.staff_hire(
        actor=hr,
        school=year.school,
        position="teacher",
        hired_on=D(2020, 8, 25),
        last_name="Ушедшая",
        first_name="Вера",
        patronymic="Львовна",
    )
    teacher = staff.user
    school_class = structure.school_class_create(
        actor=deputy, year=year, grade=5, letter="Д", class_teacher=teacher
    )
    load = structure.teaching_assignment_create(
        actor=deputy,
        year=year,
        teacher=teacher,
        subject=SubjectFactory(school=year.school),
        hours_per_week=Decimal("2"),
        group=structure.whole_class_group(school_class),
        starts_on=D(2026, 9, 1),
    )
    pupil = _admit(deputy, school_class, 7)
    people.pupil_person_update(
        actor=teacher, student=pupil, person=pupil.user, first_name="Пётр"
    )
    # when
    people.staff_dismiss(
        actor=hr,
        staff=staff,
        dismissed_on=year.school.local_today(),
        dismissal_order="77-к",
    )
    # then
    assert not Membership.objects.filter(user=teacher, is_active=True).exists()
    load.refresh_from_db()
    assert load.ends_on == year.school.local_today()
    school_class.refresh_from_db()
    assert school_class.class_teacher is None
    assert not can_keep_journal(teacher, load.group, load.subject, load.ends_on)
    assert not can_read_journal(teacher, load.group, load.subject)
    assert pupil.user.history.filter(history_user=teacher).exists()
    with pytest.raises(ValidationError):
        people.staff_dismiss(actor=hr, staff=staff, dismissed_on=D(2027, 1, 1))


def test_only_administration_corrects_names_of_own_people(year, deputy, other_school):
    school_class = structure.school_class_create(
        actor=deputy, year=year, grade=3, letter="А"
    )
    pupil = _admit(deputy, school_class, 8)
    people.person_update(
        actor=deputy, school=year.school, user=pupil.user, last_name="Петров"
    )
    pupil.user.refresh_from_db()
    assert pupil.user.last_name == "Петров"
    teacher = member(Role.TEACHER, year.school)
    foreign = member(Role.DEPUTY, other_school)
    for actor, school in ((teacher, year.school), (foreign, other_school)):
        with pytest.raises(PermissionDenied):
            people.person_update(
                actor=actor, school=school, user=pupil.user, last_name="Взлом"
            )
    pupil.user.refresh_from_db()
    assert pupil.user.last_name == "Петров"


def test_teacher_cannot_hire(school, teacher):
    with pytest.raises(PermissionDenied):
        people.staff_hire(
            actor=teacher,
            school=school,
            position="director",
            hired_on=D(2026, 1, 1),
            last_name="Самозванов",
            first_name="Иван",
        )
    assert not Membership.objects.filter(role=Role.DIRECTOR).exists()


def test_grading_scale_defaults_and_grade_one_marks_free(school, deputy):
    structure.grading_scale_create(
        actor=deputy, school=school, name="Пятибалльная", kind="five_point"
    )
    structure.grading_scale_create(
        actor=deputy,
        school=school,
        name="Безотметочное",
        kind="marks_free",
        grade_from=1,
        grade_to=1,
    )
    first = structure_selectors.grading_scale_for_grade(school, 1)
    fifth = structure_selectors.grading_scale_for_grade(school, 5)
    assert first.is_marks_free and not first.accepts("5")
    assert fifth.values == ["1", "2", "3", "4", "5"] and fifth.pass_threshold == "3"
    assert fifth.accepts("осв") and not fifth.accepts("6")
    with pytest.raises(ValidationError):
        structure.grading_scale_create(
            actor=deputy,
            school=school,
            name="Кривая",
            kind="five_point",
            pass_threshold="7",
        )


def test_load_ended_in_the_past_no_longer_gives_the_journal(year, deputy, teacher):
    # given: a load whose last day has passed, with no job run since
    school_class = structure.school_class_create(
        actor=deputy, year=year, grade=4, letter="А"
    )
    group, subject = (
        structure.whole_class_group(school_class),
        SubjectFactory(school=year.school),
    )
    load = structure.teaching_assignment_create(
        actor=deputy,
        year=year,
        teacher=teacher,
        subject=subject,
        hours_per_week=Decimal("1"),
        group=group,
        starts_on=D(2026, 9, 1),
    )
    TeachingAssignment.objects.filter(pk=load.pk).update(ends_on=D(2026, 9, 30))
    # then
    assert can_keep_journal(teacher, group, subject, D(2026, 9, 30))
    assert not can_keep_journal(teacher, group, subject, D(2026, 10, 1))
