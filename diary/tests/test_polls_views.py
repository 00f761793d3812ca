"""Polls: one changeable answer per person, results for the author (002 §1.6)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from diary.models import Audience, Poll, PollVote, Scope
from diary.permissions import messages as perms
from diary.selectors import messages as selectors
from diary.services import messages as services
from school.errors import ApplicationError
from school.models import Role
from school.tests.factories import history_count, member

from .messaging_world import build_world


@pytest.fixture
def w(school):
    return build_world(school)


def _poll(w, actor=None, **fields):
    fields = {
        "scope": Scope.GROUP,
        "target": w.group,
        "audience": Audience.PARENTS,
        "question": "Когда удобно собрание?",
        "options": ["Вторник", "Четверг", " ", "Вторник"],
    } | fields
    return services.poll_create(actor=actor or w.teacher, school=w.school, **fields)


def _option(poll, text):
    return poll.options.get(text=text)


def _unanswered(user, w):
    roles = perms.school_roles(user, w.school)
    return selectors.badge_counts(user, w.school, roles, w.today).polls


def test_poll_keeps_distinct_answers_in_order(w):
    # when
    poll = _poll(w)
    # then
    assert [o.text for o in poll.options.all()] == ["Вторник", "Четверг"]
    assert poll.history.count() == 1


def test_poll_needs_two_answers(w):
    # when
    with pytest.raises(ValidationError):
        _poll(w, options=["Да", "  "])
    # then
    assert Poll.objects.count() == 0


def test_one_answer_per_person_changeable_while_open(w):
    # given
    poll = _poll(w)
    assert _unanswered(w.parent, w) == 1
    # when
    services.poll_vote(actor=w.parent, poll=poll, option=_option(poll, "Вторник"))
    services.poll_vote(actor=w.parent, poll=poll, option=_option(poll, "Четверг"))
    # then
    vote = PollVote.objects.get()
    assert (vote.user, vote.option.text) == (w.parent, "Четверг")
    assert _unanswered(w.parent, w) == 0


def test_closed_poll_refuses_answers(w):
    # given
    poll = _poll(w)
    services.poll_close(actor=w.teacher, poll=poll)
    # when
    with pytest.raises(ApplicationError):
        services.poll_vote(actor=w.parent, poll=poll, option=_option(poll, "Вторник"))
    # then
    assert PollVote.objects.count() == 0
    assert _unanswered(w.parent, w) == 0


def test_poll_past_its_last_day_is_closed(w):
    # given
    poll = _poll(w, closes_on=w.today)
    Poll.objects.filter(pk=poll.pk).update(
        closes_on=w.today - datetime.timedelta(days=1)
    )
    poll.refresh_from_db()
    # when
    with pytest.raises(ApplicationError):
        services.poll_vote(actor=w.parent, poll=poll, option=_option(poll, "Вторник"))
    # then
    assert PollVote.objects.count() == 0


@pytest.mark.parametrize("who", ["pupil_user", "other_parent", "teacher", "director"])
def test_only_addressees_answer_and_denial_writes_nothing(w, who):
    # given: the poll is for the parents of 5А
    poll = _poll(w)
    before = history_count()
    # when
    with pytest.raises(PermissionDenied):
        services.poll_vote(
            actor=getattr(w, who), poll=poll, option=_option(poll, "Вторник")
        )
    # then
    assert PollVote.objects.count() == 0
    assert history_count() == before


def test_option_of_another_poll_is_refused(w):
    # given
    poll, other = _poll(w), _poll(w, question="Другой вопрос")
    # when
    with pytest.raises(ValidationError):
        services.poll_vote(actor=w.parent, poll=poll, option=_option(other, "Вторник"))
    # then
    assert PollVote.objects.count() == 0


def test_results_are_for_the_author_and_administration(client, w):
    # given
    poll = _poll(w)
    services.poll_vote(actor=w.parent, poll=poll, option=_option(poll, "Четверг"))
    url = reverse("diary:poll-detail", args=(poll.pk,))
    # then
    for reader, sees in ((w.teacher, True), (w.deputy, True), (w.parent, False)):
        client.force_login(reader)
        response = client.get(url)
        assert response.status_code == 200
        assert ("msg-results" in response.content.decode()) is sees


def test_poll_is_404_outside_its_audience_and_school(client, w, other_school):
    # given
    poll = _poll(w)
    url = reverse("diary:poll-detail", args=(poll.pk,))
    vote_url = reverse("diary:poll-vote", args=(poll.pk,))
    option = _option(poll, "Вторник").pk
    # then
    for stranger in (
        w.other_parent,
        w.pupil_user,
        w.other_teacher,
        member(Role.DIRECTOR, other_school),
    ):
        client.force_login(stranger)
        assert client.get(url).status_code == 404
        assert client.post(vote_url, {"option": option}).status_code == 404
    assert PollVote.objects.count() == 0


def test_parent_answers_from_the_page(client, w):
    # given
    poll = _poll(w)
    client.force_login(w.parent)
    # when
    response = client.post(
        reverse("diary:poll-vote", args=(poll.pk,)),
        {"option": _option(poll, "Вторник").pk},
    )
    # then
    assert response.status_code == 302
    assert PollVote.objects.get().user == w.parent
    page = client.get(reverse("diary:poll-detail", args=(poll.pk,))).content.decode()
    assert "checked" in page and "msg-results" not in page


def test_close_by_a_reader_is_404_and_changes_nothing(client, w):
    # given
    poll = _poll(w)
    client.force_login(w.parent)
    # when
    response = client.post(reverse("diary:poll-close", args=(poll.pk,)))
    # then
    assert response.status_code == 404
    poll.refresh_from_db()
    assert poll.closed_at is None


def test_teacher_opens_a_poll_from_the_form(client, w):
    # given
    client.force_login(w.teacher)
    # when
    response = client.post(
        reverse("diary:poll-create"),
        {
            "target": f"group:{w.group.pk}",
            "audience": "both",
            "question": "Экскурсия в музей?",
            "options": "Да\nНет\nНе знаю",
        },
    )
    # then
    poll = Poll.objects.get()
    assert response.status_code == 302
    assert poll.options.count() == 3 and poll.author == w.teacher


def test_poll_list_queries_do_not_grow(client, w, django_assert_max_num_queries):
    # given
    for i in range(12):
        _poll(w, question=f"Вопрос {i}")
    client.force_login(w.parent)
    # when
    with django_assert_max_num_queries(12):
        html = client.get(reverse("diary:poll-list")).content.decode()
    # then
    assert html.count("msg-poll") == 12
