"""A4: a parent sees only their own children, a pupil only themself. Every diary
URL answers a foreign child with the same 404 as a missing one, and a refused
request writes nothing (no DiaryView row)."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from diary.models import DiaryView
from school.models import Role
from school.tests.factories import (
    GroupMembershipFactory,
    SchoolFactory,
    StudentFactory,
    member,
)

from .builders_week import (
    MONDAY,
    build_school,
    homework,
    lesson,
    parent_of,
    student_login,
)

PUPIL_URLS = ["diary:week", "diary:subjects", "diary:class-info"]


@pytest.fixture
def s(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_school()


def _file(s, at_lesson, **kwargs):
    return homework(
        s, at_lesson, attachment=("task.pdf", ContentFile(b"%PDF-1.4 x")), **kwargs
    )


@pytest.mark.parametrize("name", PUPIL_URLS)
def test_parent_gets_404_for_a_foreign_child_and_nothing_is_written(client, s, name):
    # given
    client.force_login(parent_of(s["pupil"]))
    # when
    foreign = client.get(reverse(name, args=[s["foreign"].pk]))
    missing = client.get(reverse(name, args=[999999]))
    # then
    assert foreign.status_code == missing.status_code == 404
    assert DiaryView.objects.count() == 0


@pytest.mark.parametrize("name", PUPIL_URLS)
def test_pupil_gets_404_for_a_classmate(client, s, name):
    classmate = GroupMembershipFactory(group=s["group"]).student
    client.force_login(student_login(s["pupil"]))
    assert client.get(reverse(name, args=[classmate.pk])).status_code == 404
    assert client.get(reverse(name, args=[s["pupil"].pk])).status_code == 200
    assert DiaryView.objects.count() == 0


@pytest.mark.parametrize("name", PUPIL_URLS)
@pytest.mark.parametrize("role", [Role.TEACHER, Role.CLASS_TEACHER, Role.DEPUTY])
def test_staff_roles_do_not_open_the_family_diary(client, s, name, role):
    client.force_login(member(role, s["school"]))
    assert client.get(reverse(name, args=[s["pupil"].pk])).status_code == 404
    assert DiaryView.objects.count() == 0


def test_parent_of_same_name_pupil_in_another_school_sees_nothing(client, s):
    other = SchoolFactory()
    twin = StudentFactory(school=other)
    parent = parent_of(twin)
    client.force_login(parent)
    for name in PUPIL_URLS:
        assert client.get(reverse(name, args=[s["pupil"].pk])).status_code == 404
    assert DiaryView.objects.count() == 0


def test_a_parent_acting_as_teacher_does_not_read_the_diary(client, s):
    # given: a teacher of the school who is also the pupil's parent
    parent = parent_of(s["pupil"])
    teacher = parent.memberships.create(
        school=s["school"], municipality=s["school"].municipality, role=Role.TEACHER
    )
    client.force_login(parent)
    session = client.session
    session["active_membership_id"] = teacher.pk
    session.save()
    # when / then: the active role decides
    response = client.get(reverse("diary:week", args=[s["pupil"].pk]))
    assert response.status_code == 404


def test_homework_file_reaches_only_the_pupils_it_was_given_to(client, s):
    # given: a common file of the pupil's lesson, a file of the foreign class,
    # and individual files for the pupil and for a classmate
    mine = lesson(s)
    theirs = lesson(s, group=s["other"], number=4)
    common = _file(s, mine)
    foreign = _file(s, theirs)
    own = _file(s, mine, student=s["pupil"])
    classmate = GroupMembershipFactory(group=s["group"]).student
    not_mine = _file(s, mine, student=classmate)
    client.force_login(parent_of(s["pupil"]))

    def get(pupil, item):
        url = reverse("diary:homework-file", args=[pupil.pk, item.pk])
        return client.get(url)

    # when / then
    ok = get(s["pupil"], common)
    assert ok.status_code == 200
    assert b"".join(ok.streaming_content) == b"%PDF-1.4 x"
    assert "attachment" in ok["Content-Disposition"]
    assert get(s["pupil"], own).status_code == 200
    assert get(s["pupil"], foreign).status_code == 404
    assert get(s["pupil"], not_mine).status_code == 404
    # …and not through the other child's id either
    assert get(s["foreign"], foreign).status_code == 404
    assert get(classmate, not_mine).status_code == 404


def test_homework_file_of_a_group_the_pupil_left_is_404(client, s):
    # given: the pupil moved to the other class before that class's lesson
    membership = s["pupil"].group_memberships.get()
    membership.ends_on = s["quarter"].starts_on
    membership.save()
    GroupMembershipFactory(
        group=s["other"], student=s["pupil"], starts_on=s["quarter"].starts_on
    )
    earlier = _file(s, lesson(s))  # a lesson of the old class after the move
    client.force_login(parent_of(s["pupil"]))
    url = reverse("diary:homework-file", args=[s["pupil"].pk, earlier.pk])
    assert client.get(url).status_code == 404


def test_homework_file_without_a_file_is_404(client, s):
    item = homework(s, lesson(s))
    client.force_login(parent_of(s["pupil"]))
    url = reverse("diary:homework-file", args=[s["pupil"].pk, item.pk])
    assert client.get(url).status_code == 404


def test_homework_files_are_not_under_a_public_media_url(client, s):
    item = _file(s, lesson(s))
    client.force_login(parent_of(s["foreign"]))
    assert client.get(item.attachment.url).status_code == 404


def test_week_page_of_own_child_shows_nothing_of_the_foreign_child(client, s):
    from .builders_week import mark

    theirs = lesson(s, group=s["other"], number=4, topic="Чужая тема")
    mark(s, theirs, "2", student=s["foreign"], comment="Чужой комментарий")
    homework(s, theirs, text="Чужое задание")
    client.force_login(parent_of(s["pupil"]))
    url = reverse("diary:week", args=[s["pupil"].pk]) + f"?week={MONDAY}"
    content = client.get(url).content.decode()
    assert "Математика" in content
    for text in ("Чужая тема", "Чужой комментарий", "Чужое задание"):
        assert text not in content


def test_anonymous_is_sent_to_login(client, s):
    response = client.get(reverse("diary:week", args=[s["pupil"].pk]))
    assert response.status_code == 302
    assert DiaryView.objects.count() == 0
