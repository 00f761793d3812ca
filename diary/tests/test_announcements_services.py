"""The announcement board: who publishes where, who reads what (D5, A4)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from diary.models import Announcement, Audience, Scope
from diary.permissions import messages as perms
from diary.selectors import messages as selectors
from diary.services import messages as services
from school.models import Role
from school.tests.factories import history_count, member

from .messaging_world import build_world, pupil_in


@pytest.fixture
def w(school):
    return build_world(school)


def _publish(actor, w, scope=Scope.GROUP, target=None, **fields):
    fields = {
        "audience": Audience.BOTH,
        "title": "Собрание",
        "text": "В 18:00",
    } | fields
    if target is None and scope == Scope.GROUP:
        target = w.group
    return services.announcement_publish(
        actor=actor, school=w.school, scope=scope, target=target, **fields
    )


def _titles(user, w):
    items = selectors.announcement_list_for_user(user, w.school, w.today)
    return {a.title for a in items}


def test_teacher_publishes_to_a_taught_group_and_its_families_read_it(w):
    # when
    _publish(w.teacher, w, title="Экскурсия")
    # then
    assert "Экскурсия" in _titles(w.parent, w)
    assert "Экскурсия" in _titles(w.pupil_user, w)
    assert "Экскурсия" not in _titles(w.other_parent, w)
    assert "Экскурсия" not in _titles(w.other_teacher, w)


@pytest.mark.parametrize(
    ("who", "scope", "target"),
    [
        ("teacher", Scope.GROUP, "other_group"),
        ("teacher", Scope.SCHOOL, None),
        ("teacher", Scope.CLASS, "class"),
        ("class_teacher", Scope.CLASS, "other_class"),
        ("parent", Scope.GROUP, "group"),
        ("pupil_user", Scope.CLASS, "class"),
        ("sysadmin", Scope.SCHOOL, None),
    ],
)
def test_publishing_beyond_ones_reach_is_denied_and_writes_nothing(
    w, who, scope, target
):
    # given
    targets = {
        "group": w.group,
        "other_group": w.other_group,
        "class": w.group.school_class,
        "other_class": w.other_group.school_class,
        None: None,
    }
    before = history_count()
    # when
    with pytest.raises(PermissionDenied):
        _publish(getattr(w, who), w, scope=scope, target=targets[target])
    # then
    assert Announcement.objects.count() == 0
    assert history_count() == before


def test_group_given_as_a_class_is_refused(w):
    # when: a group id passed where a class belongs
    with pytest.raises(PermissionDenied):
        _publish(w.director, w, scope=Scope.CLASS, target=w.group)
    # then
    assert Announcement.objects.count() == 0


def test_class_teacher_and_administration_reach(w):
    # when
    _publish(w.class_teacher, w, scope=Scope.CLASS, target=w.group.school_class)
    _publish(w.director, w, scope=Scope.SCHOOL, title="Каникулы")
    _publish(w.deputy, w, target=w.other_group, title="Для 6Б")
    # then
    assert _titles(w.parent, w) == {"Собрание", "Каникулы"}
    assert _titles(w.other_parent, w) == {"Каникулы", "Для 6Б"}


def test_audience_separates_parents_and_pupils(w):
    # given
    _publish(w.teacher, w, audience=Audience.PARENTS, title="Родителям")
    _publish(w.teacher, w, audience=Audience.STUDENTS, title="Ученикам")
    # then
    assert _titles(w.parent, w) == {"Родителям"}
    assert _titles(w.pupil_user, w) == {"Ученикам"}


def test_expired_and_withdrawn_disappear_for_readers_not_for_the_author(w):
    # given
    kept = _publish(w.teacher, w, title="Идёт", expires_on=w.today)
    gone = _publish(w.teacher, w, title="Снято")
    Announcement.objects.filter(pk=kept.pk).update(
        expires_on=w.today - datetime.timedelta(days=1)
    )
    # when
    services.announcement_withdraw(actor=w.teacher, announcement=gone)
    # then
    assert _titles(w.parent, w) == set()
    assert _titles(w.teacher, w) == {"Идёт", "Снято"}
    assert gone.history.count() == 2


def test_expiry_in_the_past_is_refused(w):
    # when
    with pytest.raises(ValidationError):
        _publish(w.teacher, w, expires_on=w.today - datetime.timedelta(days=1))
    # then
    assert Announcement.objects.count() == 0


def test_someone_else_cannot_withdraw(w):
    # given
    item = _publish(w.teacher, w)
    # when
    with pytest.raises(PermissionDenied):
        services.announcement_withdraw(actor=w.other_teacher, announcement=item)
    # then
    item.refresh_from_db()
    assert item.withdrawn_at is None and item.history.count() == 1


def test_announcement_list_for_student_serves_the_diary_in_one_query(
    w, django_assert_num_queries
):
    # given
    _publish(w.teacher, w, title="Группе")
    _publish(w.director, w, scope=Scope.SCHOOL, title="Школе")
    _publish(w.other_teacher, w, target=w.other_group, title="Чужой группе")
    # when
    with django_assert_num_queries(1):
        items = selectors.announcement_list_for_student(w.pupil, w.today)
        titles = [(a.title, a.author.last_name) for a in items]
    for i in range(10):
        _publish(w.teacher, w, title=f"Ещё {i}")
    with django_assert_num_queries(1):
        more = selectors.announcement_list_for_student(w.pupil, w.today)
        [a.author.last_name for a in more]
    # then
    assert titles == [("Школе", "Директорова"), ("Группе", "Учителева")]
    assert len(more) == 12
    pupils_view = selectors.announcement_list_for_student(
        w.pupil, w.today, audience=Audience.STUDENTS
    )
    assert len(pupils_view) == 12


def test_pupil_who_moved_sees_the_new_class_only(w):
    # given: Петров left 5А yesterday and is in 6Б from today
    yesterday = w.today - datetime.timedelta(days=1)
    w.pupil.group_memberships.update(ends_on=yesterday)
    from school.models import GroupMembership

    GroupMembership.objects.create(
        school=w.school, group=w.other_group, student=w.pupil, starts_on=w.today
    )
    _publish(w.teacher, w, title="5А")
    _publish(w.other_teacher, w, target=w.other_group, title="6Б")
    # when
    titles = {
        a.title for a in selectors.announcement_list_for_student(w.pupil, w.today)
    }
    # then
    assert titles == {"6Б"}


def test_new_announcements_are_badged_until_the_board_is_opened(client, w):
    # given
    _publish(w.teacher, w)
    roles = perms.school_roles(w.parent, w.school)
    assert selectors.badge_counts(w.parent, w.school, roles, w.today).announcements == 1
    client.force_login(w.parent)
    # when
    html = client.get(reverse("diary:announcement-list")).content.decode()
    # then
    assert "Собрание" in html and "msg-unread" in html
    assert selectors.badge_counts(w.parent, w.school, roles, w.today).announcements == 0


def test_detail_is_404_outside_the_audience_or_school(client, w, other_school):
    # given
    item = _publish(w.teacher, w, audience=Audience.PARENTS)
    url = reverse("diary:announcement-detail", args=(item.pk,))
    # then
    for reader, status in (
        (w.parent, 200),
        (w.director, 200),
        (w.pupil_user, 404),
        (w.other_parent, 404),
        (w.other_teacher, 404),
        (member(Role.DIRECTOR, other_school), 404),
    ):
        client.force_login(reader)
        assert client.get(url).status_code == status


def test_withdraw_by_a_reader_is_404_and_changes_nothing(client, w):
    # given
    item = _publish(w.teacher, w)
    client.force_login(w.parent)
    # when
    response = client.post(reverse("diary:announcement-withdraw", args=(item.pk,)))
    # then
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.withdrawn_at is None


def test_create_page_offers_own_targets_only(client, w):
    # given
    pupil_in(w.other_group, "Новиков")
    client.force_login(w.teacher)
    # when
    html = client.get(reverse("diary:announcement-create")).content.decode()
    forged = client.post(
        reverse("diary:announcement-create"),
        {
            "target": f"group:{w.other_group.pk}",
            "audience": "both",
            "title": "Чужим",
            "text": "Текст",
        },
    )
    # then
    assert f'value="group:{w.group.pk}"' in html
    assert f'value="group:{w.other_group.pk}"' not in html
    assert 'value="school"' not in html
    assert forged.status_code == 200 and Announcement.objects.count() == 0


def test_parents_have_no_create_page(client, w):
    # given
    client.force_login(w.parent)
    # when
    response = client.get(reverse("diary:announcement-create"))
    # then
    assert response.status_code == 404


def test_director_publishes_to_the_school_from_the_form(client, w):
    # given
    client.force_login(w.director)
    # when
    response = client.post(
        reverse("diary:announcement-create"),
        {
            "target": "school",
            "audience": "parents",
            "title": "Родительское собрание",
            "text": "В пятницу в 18:00",
            "expires_on": (w.today + datetime.timedelta(days=3)).strftime("%d.%m.%Y"),
        },
    )
    # then
    item = Announcement.objects.get()
    assert response.status_code == 302
    assert (item.scope, item.audience) == (Scope.SCHOOL, Audience.PARENTS)
    assert item.history.get().history_user == w.director
