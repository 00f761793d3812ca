import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from school.models import (
    Enrollment,
    GroupMembership,
    Guardian,
    GuardianRelation,
    Role,
    SchoolClass,
    StaffMember,
    Student,
    StudyGroup,
    TeachingAssignment,
    User,
)
from school.services import structure
from school.tests.factories import (
    AcademicYearFactory,
    SchoolFactory,
    StaffMemberFactory,
    SubjectFactory,
    admit,
    make_class,
    member,
)

D = datetime.date
TODAY = datetime.datetime(2026, 11, 24, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def school_class(deputy, year):
    school_class = make_class(deputy, year)
    admit(deputy, school_class, 2)
    return school_class


def history_rows() -> int:
    models = [Student, Enrollment, GuardianRelation, Guardian, StudyGroup, User]
    models += [GroupMembership, StaffMember, SchoolClass, TeachingAssignment]
    return sum(m.history.count() for m in models)


def page_urls(school_class, deputy):
    student = Student.objects.filter(enrollments__school_class=school_class).first()
    group = structure.whole_class_group(school_class)
    staff = StaffMemberFactory(school=school_class.school)
    names = [
        "calendar",
        "period-scheme-create",
        "holiday-create",
        "reference",
        "subject-create",
        "room-create",
        "grading-scale-create",
        "work-kind-create",
        "staff-list",
        "class-list",
        "class-create",
        "group-list",
        "group-create",
        "curriculum",
        "curriculum-set",
        "load",
        "load-create",
    ]
    urls = [reverse(f"school:{name}") for name in names]
    urls += [
        reverse("school:class-detail", args=[school_class.pk]),
        reverse("school:student-admit", args=[school_class.pk]),
        reverse("school:pupil-detail", args=[student.pk]),
        reverse("school:pupil-edit", args=[student.pk]),
        reverse("school:student-transfer", args=[student.pk]),
        reverse("school:student-leave", args=[student.pk]),
        reverse("school:guardian-link", args=[student.pk]),
        reverse("school:group-detail", args=[group.pk]),
        reverse("school:subject-update", args=[SubjectFactory(school=staff.school).pk]),
    ]
    return urls, staff


# --- Access --------------------------------------------------------------------


def test_every_page_opens_for_the_deputy(client, deputy, school_class):
    # given
    urls, _staff = page_urls(school_class, deputy)
    client.force_login(deputy)
    # when
    statuses = {url: client.get(url).status_code for url in urls}
    # then
    assert set(statuses.values()) == {200}, statuses


@pytest.mark.parametrize("role", [Role.PARENT, Role.STUDENT])
def test_parents_and_pupils_get_404_everywhere(
    client, school, deputy, school_class, role
):
    # given
    urls, staff = page_urls(school_class, deputy)
    urls += [
        reverse("school:staff-hire"),
        reverse("school:staff-dismiss", args=[staff.pk]),
    ]
    client.force_login(member(role, school))
    before = history_rows()
    # when
    responses = [client.get(url) for url in urls] + [
        client.post(url, {"name": "X", "last_name": "X"}) for url in urls
    ]
    # then
    assert {r.status_code for r in responses} == {404}
    assert history_rows() == before


def test_another_schools_objects_are_404_and_nothing_is_written(
    client, deputy, school_class
):
    # given
    other = SchoolFactory()
    other_year = AcademicYearFactory(school=other)
    other_deputy = member(Role.DEPUTY, other)
    foreign_class = make_class(other_deputy, other_year)
    (pupil,) = admit(other_deputy, foreign_class, 1)
    group = structure.whole_class_group(foreign_class)
    staff = StaffMemberFactory(school=other)
    director = member(Role.DIRECTOR, school_class.school)
    client.force_login(director)
    urls = [
        reverse("school:class-detail", args=[foreign_class.pk]),
        reverse("school:student-admit", args=[foreign_class.pk]),
        reverse("school:pupil-detail", args=[pupil.pk]),
        reverse("school:pupil-edit", args=[pupil.pk]),
        reverse("school:student-transfer", args=[pupil.pk]),
        reverse("school:student-leave", args=[pupil.pk]),
        reverse("school:guardian-link", args=[pupil.pk]),
        reverse("school:group-detail", args=[group.pk]),
        reverse("school:group-member-add", args=[group.pk]),
        reverse("school:staff-dismiss", args=[staff.pk]),
    ]
    data = {
        "last_name": "Чужой",
        "first_name": "Ч",
        "relation": "father",
        "record_number": "X-1",
        "starts_on": "01.10.2026",
        "order": "1",
        "order_date": "01.10.2026",
        "last_day": "01.10.2026",
        "dismissed_on": "01.10.2026",
        "dismissal_order": "1-к",
    }
    before = history_rows()
    # when
    responses = [client.get(url) for url in urls]
    responses += [client.post(url, data) for url in urls]
    # then
    assert {r.status_code for r in responses} == {404}
    assert history_rows() == before
    assert not Guardian.objects.filter(user__last_name="Чужой").exists()
    assert StaffMember.objects.get(pk=staff.pk).dismissed_on is None


def test_a_teacher_sees_read_only_pages(client, school, deputy, school_class):
    # given
    teacher = member(Role.TEACHER, school)
    client.force_login(teacher)
    pages = ["calendar", "reference", "class-list", "group-list", "curriculum", "load"]
    urls = [reverse(f"school:{name}") for name in pages]
    urls.append(reverse("school:class-detail", args=[school_class.pk]))
    before = history_rows()
    # when
    responses = [client.get(url) for url in urls]
    posted = client.post(reverse("school:class-create"), {"grade": 6, "letter": "Б"})
    # then
    for response in responses:
        assert response.status_code == 200
        assert "structure-form" not in response.content.decode()
    assert posted.status_code == 404
    assert history_rows() == before
    assert client.get(reverse("school:staff-list")).status_code == 404


def test_class_teacher_links_a_parent_only_in_own_class(
    client, school, deputy, year, school_class
):
    # given
    teacher = member(Role.TEACHER, school)
    structure.class_teacher_assign(
        actor=deputy, school_class=school_class, teacher=teacher
    )
    other_class = make_class(deputy, year, letter="Б")
    (stranger,) = admit(deputy, other_class, 1, start=50, parents=False)
    own = Student.objects.filter(enrollments__school_class=school_class).first()
    data = {
        "last_name": "Сидорова",
        "first_name": "Мария",
        "patronymic": "Ивановна",
        "relation": "mother",
        "phone": "+7 913 111-22-33",
    }
    client.force_login(teacher)
    # when
    own_response = client.post(reverse("school:guardian-link", args=[own.pk]), data)
    before = history_rows()
    foreign_get = client.get(reverse("school:guardian-link", args=[stranger.pk]))
    foreign_post = client.post(
        reverse("school:guardian-link", args=[stranger.pk]), data
    )
    admit_post = client.get(reverse("school:student-admit", args=[school_class.pk]))
    # then
    assert own_response.status_code == 302
    link = GuardianRelation.objects.get(
        student=own, guardian__user__last_name="Сидорова"
    )
    assert link.guardian.phone == "+7 913 111-22-33"
    assert GuardianRelation.history.filter(history_user=teacher).exists()
    assert foreign_get.status_code == 404
    assert foreign_post.status_code == 404
    assert admit_post.status_code == 404
    assert history_rows() == before
    detail = client.get(reverse("school:class-detail", args=[school_class.pk]))
    assert "Сидорова Мария Ивановна" in detail.content.decode()
    assert reverse("school:guardian-link", args=[own.pk]) in detail.content.decode()


def test_class_teacher_corrects_a_pupils_name(client, school, deputy, school_class):
    # given
    teacher = member(Role.TEACHER, school)
    structure.class_teacher_assign(
        actor=deputy, school_class=school_class, teacher=teacher
    )
    pupil = Student.objects.filter(enrollments__school_class=school_class).first()
    client.force_login(teacher)
    # when
    response = client.post(
        reverse("school:pupil-edit", args=[pupil.pk]),
        {"last_name": "Петров", "first_name": "Пётр", "patronymic": "Петрович"},
    )
    # then
    assert response.status_code == 302
    pupil.user.refresh_from_db()
    assert pupil.user.get_full_name() == "Петров Пётр Петрович"
    assert pupil.user.history.first().history_user == teacher


# --- Admission and movement ------------------------------------------------


ADMIT = {
    "last_name": "Новиков",
    "first_name": "Артём",
    "birth_date": "2015-03-14",
    "gender": "m",
    "record_number": "Н-77",
    "starts_on": "01.12.2026",
    "order": "45-у",
    "order_date": "30.11.2026",
}


def test_admission_by_order_adds_the_pupil_to_the_class(client, deputy, school_class):
    # given
    client.force_login(deputy)
    # when
    response = client.post(
        reverse("school:student-admit", args=[school_class.pk]), ADMIT
    )
    # then
    assert response.status_code == 302
    student = Student.objects.get(record_number="Н-77")
    enrollment = student.enrollments.get()
    assert enrollment.school_class == school_class
    assert enrollment.start_order == "45-у"
    assert student.birth_date == D(2015, 3, 14)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"starts_on": "31.02.2026"}, "Введите правильную дату."),
        ({"starts_on": "01.10.2027"}, "Дата должна быть в пределах учебного года."),
        ({"record_number": "5А-0"}, "Ученик с таким номером личного дела уже есть"),
    ],
)
def test_bad_admission_shows_a_russian_error_and_writes_nothing(
    client, deputy, school_class, change, message
):
    # given
    client.force_login(deputy)
    before = (Student.objects.count(), User.objects.count(), history_rows())
    # when
    response = client.post(
        reverse("school:student-admit", args=[school_class.pk]), {**ADMIT, **change}
    )
    # then
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (Student.objects.count(), User.objects.count(), history_rows()) == before


def test_transfer_and_leaving_show_on_the_class_page(
    client, deputy, year, school_class
):
    # given
    target = make_class(deputy, year, letter="Б")
    moving, leaving = Student.objects.filter(enrollments__school_class=school_class)
    client.force_login(deputy)
    # when
    moved = client.post(
        reverse("school:student-transfer", args=[moving.pk]),
        {
            "to_class": target.pk,
            "on": "10.11.2026",
            "order": "40-у",
            "order_date": "09.11.2026",
        },
    )
    left = client.post(
        reverse("school:student-leave", args=[leaving.pk]),
        {"last_day": "15.11.2026", "order": "45-у", "order_date": "14.11.2026"},
    )
    page = client.get(reverse("school:class-detail", args=[school_class.pk]))
    # then
    assert moved.status_code == 302
    assert left.status_code == 302
    text = page.content.decode()
    assert "выбыл 15.11.2026, приказ 45-у" in text
    assert "переведён, последний день в классе 09.11.2026, приказ 40-у" in text
    assert moving.enrollments.get(ends_on__isnull=True).school_class == target


# --- Query counts ------------------------------------------------------------


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["school:class-list", "school:class-detail"])
def test_class_pages_do_not_grow_queries_with_pupils(client, deputy, year, page):
    # given
    small = make_class(deputy, year, letter="А")
    large = make_class(deputy, year, letter="Б")
    admit(deputy, small, 3)
    client.force_login(deputy)
    args = [small.pk] if page == "school:class-detail" else []
    few = count_queries(client, reverse(page, args=args))
    admit(deputy, large, 12, start=10)
    admit(deputy, small, 9, start=30)
    # when
    many = count_queries(client, reverse(page, args=args))
    # then
    assert many == few
    assert few <= 20
