"""Messages pages: isolation (A4), htmx reply, the header badge, C13 comments."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from diary.models import Conversation, Message
from diary.services import messages as services
from journal.models import ParentComment
from school.models import Role
from school.tests.factories import SubjectFactory, history_count, member

from .messaging_world import build_world

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def w(school):
    return build_world(school)


@pytest.fixture
def conversation(w):
    return services.conversation_start(
        actor=w.parent,
        school=w.school,
        recipients=[w.teacher],
        topic="Пропуск урока",
        text="Петя болел во вторник.",
    )


def _detail(conversation):
    return reverse("diary:message-detail", args=(conversation.pk,))


def _reply(conversation):
    return reverse("diary:message-reply", args=(conversation.pk,))


def test_participants_read_the_conversation(client, w, conversation):
    # when
    client.force_login(w.teacher)
    response = client.get(_detail(conversation))
    # then
    assert response.status_code == 200
    assert "Петя болел во вторник." in response.content.decode()


@pytest.mark.parametrize(
    "outsider", ["other_parent", "other_teacher", "pupil_user", "deputy"]
)
def test_outsiders_get_404_for_page_partial_and_reply(
    client, w, conversation, outsider
):
    # given: even the deputy reads only conversations they are in
    client.force_login(getattr(w, outsider))
    before = history_count()
    # when
    page = client.get(_detail(conversation))
    partial = client.get(_detail(conversation), **HTMX)
    reply = client.post(_reply(conversation), {"text": "Вмешаюсь"}, **HTMX)
    # then
    assert (page.status_code, partial.status_code, reply.status_code) == (404,) * 3
    assert Message.objects.count() == 1
    assert history_count() == before


def test_missing_conversation_is_the_same_404(client, w, conversation):
    # when
    client.force_login(w.teacher)
    response = client.get(reverse("diary:message-detail", args=(conversation.pk + 99,)))
    # then
    assert response.status_code == 404


def test_other_school_member_gets_404(client, w, conversation, other_school):
    # given
    stranger = member(Role.DIRECTOR, other_school)
    client.force_login(stranger)
    # when
    response = client.get(_detail(conversation))
    # then
    assert response.status_code == 404


def test_htmx_reply_returns_the_conversation_fragment(client, w, conversation):
    # given
    client.force_login(w.teacher)
    # when
    response = client.post(_reply(conversation), {"text": "Выздоравливайте!"}, **HTMX)
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert '<div id="conversation">' in html and "<html" not in html
    assert "Выздоравливайте!" in html and "Петя болел во вторник." in html
    assert conversation.messages.count() == 2


def test_reply_without_js_redirects_back(client, w, conversation):
    # given
    client.force_login(w.teacher)
    # when
    response = client.post(_reply(conversation), {"text": "Хорошо"})
    # then
    assert response.status_code == 302 and response.url == _detail(conversation)
    assert conversation.messages.last().text == "Хорошо"


def test_empty_reply_shows_an_error_and_writes_nothing(client, w, conversation):
    # given
    client.force_login(w.teacher)
    # when
    response = client.post(_reply(conversation), {"text": ""}, **HTMX)
    # then
    assert response.status_code == 200
    assert "field-error" in response.content.decode()
    assert conversation.messages.count() == 1


def test_new_message_form_offers_allowed_people_only(client, w):
    # given
    client.force_login(w.parent)
    # when
    html = client.get(reverse("diary:message-create")).content.decode()
    # then
    assert "Учителева" in html and "Классная" in html and "Завучева" in html
    assert "Сидорова" not in html and "Другова" not in html


def test_writing_to_another_parent_by_forged_id_writes_nothing(client, w):
    # given
    client.force_login(w.parent)
    # when
    response = client.post(
        reverse("diary:message-create"),
        {"recipients": [w.other_parent.pk], "topic": "Чат", "text": "Привет"},
    )
    # then
    assert response.status_code == 200
    assert Conversation.objects.count() == 0


def test_parent_starts_a_conversation_from_the_form(client, w):
    # given
    client.force_login(w.parent)
    # when
    response = client.post(
        reverse("diary:message-create") + f"?to={w.teacher.pk}",
        {"recipients": [w.teacher.pk], "topic": "Вопрос", "text": "Когда контрольная?"},
    )
    # then
    conversation = Conversation.objects.get()
    assert response.status_code == 302 and response.url == _detail(conversation)
    assert conversation.participants.count() == 2


def test_header_badge_counts_and_clears_after_reading(client, w, conversation):
    # given
    client.force_login(w.teacher)
    # when
    before = client.get(reverse("diary:message-list")).content.decode()
    client.get(_detail(conversation))
    after = client.get(reverse("diary:message-list")).content.decode()
    # then
    assert re.search(r'class="msg-badge" title="[^"]+">1</span>', before)
    assert 'class="msg-badge" title' not in after


def test_staff_roles_open_the_messages_pages(client, w):
    # given
    for person in (w.director, w.deputy, w.sysadmin, w.class_teacher, w.pupil_user):
        client.force_login(person)
        # when
        response = client.get(reverse("diary:message-list"))
        # then
        assert response.status_code == 200


def test_inspector_has_no_messages(client, school):
    # given
    client.force_login(member(Role.INSPECTOR, school))
    # when
    response = client.get(reverse("diary:message-list"))
    # then
    assert response.status_code == 404


def test_parent_sees_journal_comments_about_own_child_only(client, w):
    # given
    subject = SubjectFactory(school=w.school, name="Физика")
    for student, text in ((w.pupil, "Забыл тетрадь"), (w.other_pupil, "Чужое")):
        ParentComment.objects.create(
            school=w.school,
            student=student,
            subject=subject,
            author=w.teacher,
            text=text,
        )
    client.force_login(w.parent)
    # when
    first = client.get(reverse("diary:message-list")).content.decode()
    second = client.get(reverse("diary:message-list")).content.decode()
    # then: shown read-only, counted as new once
    assert "Забыл тетрадь" in first and "Чужое" not in first
    assert 'class="msg-badge" title' not in second


def test_message_list_queries_do_not_grow_with_conversations(client, w):
    # given
    def start(n):
        for i in range(n):
            services.conversation_start(
                actor=w.parent,
                school=w.school,
                recipients=[w.teacher, w.class_teacher],
                topic=f"Вопрос {i}",
                text="Текст",
            )

    client.force_login(w.teacher)
    url = reverse("diary:message-list")
    start(2)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    start(12)
    # when
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    # then
    assert response.content.decode().count("msg-item") == 14
    assert len(large) == len(small)


def test_write_to_link_preselects_the_person(client, w):
    # given: the director's list is long; the link names one parent
    client.force_login(w.director)
    url = reverse("diary:message-create") + f"?to={w.other_parent.pk}"
    # when
    html = client.get(url).content.decode()
    # then
    pattern = rf'<input[^>]*value="{w.other_parent.pk}"[^>]*>'
    checked = re.search(pattern, html)
    assert checked and "checked" in checked.group(0)
