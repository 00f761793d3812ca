"""Who may write to whom, conversations and their read state (D5, A4)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from diary.models import Conversation, ConversationParticipant, Message
from diary.permissions import messages as perms
from diary.selectors import messages as selectors
from diary.services import messages as services
from school.models import GroupMembership, Role, TeachingAssignment
from school.tests.factories import history_count, member

from .messaging_world import build_world, parent_of, pupil_in


@pytest.fixture
def w(school):
    return build_world(school)


def _recipients(user, w):
    return set(perms.recipient_queryset(user, w.school, w.today))


def _badge(user, w):
    return selectors.badge_counts(
        user, w.school, perms.school_roles(user, w.school), w.today
    )


def test_parent_writes_to_child_teachers_class_teacher_and_administration(w):
    # when
    allowed = _recipients(w.parent, w)
    # then
    assert allowed == {w.teacher, w.class_teacher, w.deputy, w.director}


def test_parent_never_writes_to_other_parents_pupils_or_other_teachers(w):
    # when
    allowed = _recipients(w.parent, w)
    # then
    for stranger in (w.other_parent, w.other_pupil_user, w.pupil_user):
        assert stranger not in allowed
    assert w.other_teacher not in allowed and w.sysadmin not in allowed


def test_pupil_writes_to_own_teachers_and_administration_only(w):
    # when
    allowed = _recipients(w.pupil_user, w)
    # then
    assert allowed == {w.teacher, w.class_teacher, w.deputy, w.director}


def test_teacher_writes_to_families_of_taught_groups_and_colleagues(w):
    # when
    allowed = _recipients(w.teacher, w)
    # then
    assert {w.pupil_user, w.parent} <= allowed
    assert {w.other_teacher, w.class_teacher, w.deputy, w.sysadmin} <= allowed
    assert w.other_parent not in allowed and w.other_pupil_user not in allowed


def test_class_teacher_writes_to_families_of_the_class(w):
    # when
    allowed = _recipients(w.class_teacher, w)
    # then
    assert {w.pupil_user, w.parent} <= allowed
    assert w.other_parent not in allowed


def test_administration_writes_to_anyone_in_the_school_but_not_beyond(w, other_school):
    # given
    outsider = member(Role.TEACHER, other_school)
    # when
    allowed = _recipients(w.deputy, w)
    # then
    assert {w.other_parent, w.other_pupil_user, w.parent, w.sysadmin} <= allowed
    assert outsider not in allowed and w.deputy not in allowed


def test_ended_teaching_or_membership_closes_the_way(w):
    # given: the teacher's load ended yesterday; the pupil left 5А yesterday
    yesterday = w.today - datetime.timedelta(days=1)
    TeachingAssignment.objects.filter(teacher=w.teacher).update(ends_on=yesterday)
    # when
    allowed = _recipients(w.parent, w)
    # then
    assert w.teacher not in allowed and w.class_teacher in allowed
    GroupMembership.objects.filter(student=w.pupil).update(ends_on=yesterday)
    assert w.class_teacher not in _recipients(w.parent, w)


def test_parent_of_a_pupil_in_another_school_is_nobody_here(w, other_school):
    # given: the same person is a parent in another school only
    from school.models import AcademicYear

    AcademicYear.objects.create(
        school=other_school,
        name="2026/2027",
        starts_on=datetime.date(2026, 9, 1),
        ends_on=datetime.date(2027, 8, 31),
        is_current=True,
    )
    from school.tests.factories import StudyGroupFactory

    group = StudyGroupFactory(year=other_school.academic_years.get())
    parent = parent_of(pupil_in(group))
    # when
    allowed = _recipients(parent, w)
    # then
    assert allowed == set()


def test_conversation_start_writes_participants_and_the_first_message(w):
    # when
    conversation = services.conversation_start(
        actor=w.parent,
        school=w.school,
        recipients=[w.teacher],
        topic="Домашнее задание",
        text="Здравствуйте! Петя болел.",
    )
    # then
    assert {p.user for p in conversation.participants.all()} == {w.parent, w.teacher}
    assert [m.text for m in conversation.messages.all()] == [
        "Здравствуйте! Петя болел."
    ]
    assert _badge(w.teacher, w).conversations == 1
    assert _badge(w.parent, w).conversations == 0


def test_denied_conversation_writes_nothing(w):
    # given
    before = history_count()
    # when
    with pytest.raises(PermissionDenied):
        services.conversation_start(
            actor=w.parent,
            school=w.school,
            recipients=[w.teacher, w.other_parent],
            topic="Родительский чат",
            text="Привет",
        )
    # then
    assert Conversation.objects.count() == 0
    assert ConversationParticipant.objects.count() == 0
    assert Message.objects.count() == 0
    assert history_count() == before


def test_empty_text_is_refused_before_writing(w):
    # when
    with pytest.raises(ValidationError):
        services.conversation_start(
            actor=w.parent,
            school=w.school,
            recipients=[w.teacher],
            topic="Вопрос",
            text="   ",
        )
    # then
    assert Conversation.objects.count() == 0


def test_reply_makes_it_unread_for_the_others_only(w):
    # given
    conversation = services.conversation_start(
        actor=w.parent,
        school=w.school,
        recipients=[w.teacher, w.class_teacher],
        topic="Вопрос",
        text="Можно ли пересдать?",
    )
    services.conversation_mark_read(
        actor=w.teacher, conversation=conversation, up_to=conversation.last_message_at
    )
    # when
    services.message_post(actor=w.teacher, conversation=conversation, text="Да.")
    # then
    assert _badge(w.teacher, w).conversations == 0
    assert _badge(w.parent, w).conversations == 1
    assert _badge(w.class_teacher, w).conversations == 1
    assert conversation.messages.count() == 2


def test_outsider_cannot_post_and_nothing_is_written(w):
    # given
    conversation = services.conversation_start(
        actor=w.teacher,
        school=w.school,
        recipients=[w.parent],
        topic="Успеваемость",
        text="Прошу зайти в школу.",
    )
    # when
    with pytest.raises(PermissionDenied):
        services.message_post(
            actor=w.other_parent, conversation=conversation, text="А я тоже тут"
        )
    # then
    assert conversation.messages.count() == 1
    assert _badge(w.parent, w).conversations == 1


def test_participant_who_left_the_school_cannot_post(w):
    # given
    conversation = services.conversation_start(
        actor=w.parent,
        school=w.school,
        recipients=[w.teacher],
        topic="Вопрос",
        text="Добрый день",
    )
    w.teacher.memberships.update(is_active=False)
    # when
    with pytest.raises(PermissionDenied):
        services.message_post(actor=w.teacher, conversation=conversation, text="...")
    # then
    assert conversation.messages.count() == 1


def test_conversation_list_shows_only_own_with_unread_flag(w):
    # given
    mine = services.conversation_start(
        actor=w.parent,
        school=w.school,
        recipients=[w.teacher],
        topic="Мой вопрос",
        text="?",
    )
    services.conversation_start(
        actor=w.other_parent,
        school=w.school,
        recipients=[w.director],
        topic="Чужой вопрос",
        text="?",
    )
    # when
    listed = list(selectors.conversation_list_for_user(w.teacher, w.school))
    # then
    assert [(c.pk, c.unread) for c in listed] == [(mine.pk, True)]
    assert selectors.conversation_get_for_user(w.parent, w.school, mine.pk) == mine
    assert (
        selectors.conversation_get_for_user(w.other_parent, w.school, mine.pk) is None
    )


def test_badge_is_one_query_at_any_size(w, django_assert_num_queries):
    # given: one conversation, then eleven
    def start(n):
        for i in range(n):
            services.conversation_start(
                actor=w.teacher,
                school=w.school,
                recipients=[w.parent],
                topic=f"Тема {i}",
                text="Текст",
            )

    roles = perms.school_roles(w.parent, w.school)
    start(1)
    with django_assert_num_queries(1):
        assert selectors.badge_counts(w.parent, w.school, roles, w.today).total == 1
    # when
    start(10)
    # then
    with django_assert_num_queries(1):
        assert selectors.badge_counts(w.parent, w.school, roles, w.today).total == 11
