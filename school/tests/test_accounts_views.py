import pytest
from django.urls import reverse

from school import events
from school.middleware import SESSION_KEY
from school.models import Event, Membership, Role
from school.tests.factories import PASSWORD, MembershipFactory, member

ROLE_LANDING = {
    Role.DIRECTOR: "school:office-home",
    Role.DEPUTY: "school:office-home",
    Role.SYSADMIN: "school:sysadmin-home",
    Role.HR: "school:hr-home",
    Role.TEACHER: "journal:teacher-home",
    Role.TUTOR: "journal:teacher-home",
    Role.CLASS_TEACHER: "journal:class-teacher-home",
    Role.PARENT: "diary:parent-home",
    Role.STUDENT: "diary:student-home",
    Role.INSPECTOR: "reports:monitoring-home",
}


def login(client, user, ip="10.1.1.1"):
    return client.post(
        reverse("login"),
        {"username": user.username, "password": PASSWORD},
        REMOTE_ADDR=ip,
    )


def test_anonymous_is_sent_to_login_everywhere(client, school):
    for url in ["/", "/office/", f"/schools/{school.pk}/settings/", "/journal/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_login_page_is_russian(client, db):
    response = client.get(reverse("login"))
    content = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Language"] == "ru"
    assert '<html lang="ru">' in content
    assert "Вход в электронный журнал" in content
    assert "Войти" in content


def test_wrong_password_message_is_russian_and_logged(client, school, teacher):
    response = client.post(
        reverse("login"), {"username": teacher.username, "password": "x"}
    )
    assert "Неверный логин или пароль" in response.content.decode()
    event = Event.objects.get(code=events.LOGIN_FAILED)
    assert event.actor == teacher
    assert event.school == school
    assert event.actor_username == teacher.username


@pytest.mark.parametrize("role", list(ROLE_LANDING))
def test_each_role_lands_on_its_home(client, school, role):
    # given
    user = member(role, school)
    # when
    response = login(client, user)
    landing = client.get(response.url)
    # then
    assert response.url == reverse("home")
    assert landing.status_code == 302
    assert landing.url == reverse(ROLE_LANDING[role])
    page = client.get(landing.url)
    assert page.status_code == 200
    event = Event.objects.get(code=events.LOGIN_SUCCEEDED)
    assert (event.actor, event.ip) == (user, "10.1.1.1")


def test_home_links_only_to_pages_the_role_may_open(client, school, director):
    deputy = member(Role.DEPUTY, school)
    settings_url = reverse("school:settings", args=[school.pk])
    client.force_login(director)
    assert settings_url in client.get(reverse("school:office-home")).content.decode()
    client.force_login(deputy)
    assert (
        settings_url not in client.get(reverse("school:office-home")).content.decode()
    )
    assert client.get(settings_url).status_code == 404


def test_role_home_is_not_open_to_other_roles(client, school):
    parent = member(Role.PARENT, school)
    client.force_login(parent)
    assert client.get(reverse("journal:teacher-home")).status_code == 404
    assert client.get(reverse("school:office-home")).status_code == 404


def test_homes_offer_only_what_exists(client, school, teacher):
    client.force_login(teacher)
    content = client.get(reverse("journal:teacher-home")).content.decode()
    assert "Мои уроки сегодня" in content
    assert "Ещё не готово" not in content
    for role, name in (
        (Role.DEPUTY, "school:office-home"),
        (Role.SYSADMIN, "school:sysadmin-home"),
    ):
        client.force_login(member(role, school))
        content = client.get(reverse(name)).content.decode()
        assert "Ещё не готово" not in content and "placeholder" not in content


def test_user_without_roles_is_told_so(client, db):
    from school.tests.factories import UserFactory

    client.force_login(UserFactory())
    response = client.get(reverse("home"))
    assert response.status_code == 403
    assert "нет роли" in response.content.decode()


def test_role_switch_changes_landing_and_is_logged(client, school, other_school):
    # given: a teacher here who is also a parent in another school
    user = member(Role.TEACHER, school)
    parent_role = MembershipFactory(user=user, school=other_school, role=Role.PARENT)
    login(client, user)
    assert client.get(reverse("home")).url == reverse("journal:teacher-home")
    header = client.get(reverse("journal:teacher-home")).content.decode()
    assert "Родитель — " + other_school.short_name in header
    # when
    response = client.post(reverse("role-switch"), {"membership": parent_role.pk})
    # then
    assert response.url == reverse("home")
    assert client.get(reverse("home")).url == reverse("diary:parent-home")
    assert client.session[SESSION_KEY] == parent_role.pk
    event = Event.objects.get(code=events.ROLE_SWITCHED)
    assert event.school == other_school
    assert event.params["role"] == Role.PARENT


def test_switching_into_a_foreign_membership_is_404(client, school, teacher, director):
    client.force_login(teacher)
    response = client.post(
        reverse("role-switch"), {"membership": director.memberships.get().pk}
    )
    assert response.status_code == 404
    assert SESSION_KEY not in client.session
    assert not Event.objects.filter(code=events.ROLE_SWITCHED).exists()


def test_director_saves_settings(client, school, director):
    client.force_login(director)
    url = reverse("school:settings", args=[school.pk])
    assert client.get(url).status_code == 200
    data = {
        "name": school.name,
        "short_name": "СОШ № 1 им. Пушкина",
        "address": "",
        "time_zone": "Asia/Yekaterinburg",
        "edit_window_days": 2,
        "homework_deadline_hours": "1,5",
        "default_grading_scale": "ten_point",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    school.refresh_from_db()
    assert school.time_zone == "Asia/Yekaterinburg"
    assert str(school.homework_deadline_hours) == "1.5"
    assert school.history.first().history_user == director


def test_bad_settings_show_russian_errors_and_save_nothing(client, school, director):
    client.force_login(director)
    url = reverse("school:settings", args=[school.pk])
    response = client.post(
        url,
        {
            "name": "",
            "short_name": "Новое имя",
            "time_zone": "Mars/Olympus",
            "edit_window_days": 40,
            "homework_deadline_hours": "abc",
            "default_grading_scale": "five_point",
        },
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Обязательное поле." in content
    assert "Выберите корректный вариант." in content
    school.refresh_from_db()
    assert school.short_name != "Новое имя"


def test_school_pages_of_another_school_answer_404(client, school, other_school):
    # given: the sysadmin and director of one school
    sysadmin = member(Role.SYSADMIN, school)
    director = member(Role.DIRECTOR, school)
    before = other_school.history.count()
    for user in (sysadmin, director):
        client.force_login(user)
        for name in ("school:settings", "school:event-list"):
            # when
            response = client.get(reverse(name, args=[other_school.pk]))
            # then
            assert response.status_code == 404
        posted = client.post(
            reverse("school:settings", args=[other_school.pk]), {"short_name": "Взлом"}
        )
        assert posted.status_code == 404
    other_school.refresh_from_db()
    assert other_school.short_name != "Взлом"
    assert other_school.history.count() == before


def test_events_log_is_for_the_sysadmin(client, school, sysadmin, director):
    events.record("test.fact", actor=director, school=school, detail=1)
    client.force_login(sysadmin)
    page = client.get(reverse("school:event-list", args=[school.pk]))
    assert page.status_code == 200
    assert "test.fact" in page.content.decode()
    filtered = client.get(
        reverse("school:event-list", args=[school.pk]), {"code": "accounts."}
    )
    assert "test.fact" not in filtered.content.decode()
    client.force_login(director)
    assert client.get(reverse("school:event-list", args=[school.pk])).status_code == 404


def test_events_log_shows_only_own_school(client, school, other_school, sysadmin):
    events.record("foreign.fact", school=other_school)
    client.force_login(sysadmin)
    page = client.get(reverse("school:event-list", args=[school.pk]))
    assert "foreign.fact" not in page.content.decode()


def test_forced_password_change_blocks_other_pages(client, school):
    user = member(Role.PARENT, school, must_change_password=True)
    login(client, user)
    response = client.get(reverse("diary:parent-home"))
    assert response.status_code == 302
    assert response.url == reverse("password-change")
    changed = client.post(
        reverse("password-change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Moi-novyi-parol-7",
            "new_password2": "Moi-novyi-parol-7",
        },
    )
    assert changed.status_code == 302
    assert client.get(reverse("diary:parent-home")).status_code == 200


def test_logout_is_logged(client, school, teacher):
    login(client, teacher)
    client.post(reverse("logout"))
    assert Event.objects.filter(code=events.LOGGED_OUT, actor=teacher).exists()
    assert client.get(reverse("home")).status_code == 302


def test_dismissed_teacher_loses_access_at_once(client, school, teacher):
    client.force_login(teacher)
    assert client.get(reverse("journal:teacher-home")).status_code == 200
    Membership.objects.filter(user=teacher).update(is_active=False)
    assert client.get(reverse("journal:teacher-home")).status_code == 404


def test_inspector_sees_department_schools_not_others(client, school, other_school):
    inspector = member(Role.INSPECTOR, school)
    client.force_login(inspector)
    content = client.get(reverse("reports:monitoring-home")).content.decode()
    assert school.name in content
    assert other_school.name not in content


def test_admin_actions_are_logged_as_events(client, school):
    # given: the platform administrator in the admin interface
    from school.tests.factories import UserFactory

    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    url = reverse("admin:school_school_change", args=[school.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(short_name="СОШ № 99", municipality=school.municipality_id)
    # when
    response = client.post(url, data)
    # then
    assert response.status_code == 302
    event = Event.objects.get(code=events.ADMIN_ACTION)
    assert (event.actor, event.school) == (admin, school)
    assert event.params["action"] == "change"
    assert school.history.first().history_user == admin


def test_logging_in_writes_no_history_row(client, school, teacher):
    before = teacher.history.count()
    login(client, teacher)
    teacher.refresh_from_db()
    assert teacher.last_login is not None
    assert teacher.history.count() == before
