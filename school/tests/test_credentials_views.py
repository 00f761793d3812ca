import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from school import events
from school.middleware import SESSION_KEY
from school.models import CredentialsJob, Event, Role, User
from school.services import credentials
from school.services.credentials_jobs import credentials_job_run
from school.tests.factories import (
    MembershipFactory,
    SchoolClassFactory,
    StaffMemberFactory,
    UserFactory,
    class_teacher_of,
    member,
    parent_of,
    pupil,
)

URL = reverse("school:credentials")


@pytest.fixture
def class_5a(school):
    school_class = SchoolClassFactory(
        school=school, year=school.academic_years.first(), letter="А"
    )
    masha = pupil(school_class, "Иванова", "Мария", "Петровна")
    parent_of(masha, "Иванова", "Елена", "Сергеевна")
    return school_class


def issue(client, target, audience="both", **extra):
    """Press «Issue»; for a class, what the worker does is run here in place."""
    response = client.post(URL, {"target": target, "audience": audience, **extra})
    if response.status_code == 302 and "/credentials/jobs/" in response.url:
        job = CredentialsJob.objects.latest("pk")
        credentials_job_run(job_id=job.pk)
        return client.get(reverse("school:credentials-job-pdf", args=[job.pk]))
    return response


def test_class_teacher_sees_own_classes_only(client, school, class_5a):
    # given
    teacher = class_teacher_of(class_5a)
    SchoolClassFactory(school=school, year=class_5a.year, letter="Б")
    client.force_login(teacher)
    # when
    response = client.get(URL)
    # then
    content = response.content.decode()
    assert response.status_code == 200
    assert "Логины и пароли" in content
    assert "Класс 5А" in content
    assert "5Б" not in content
    assert "Сотрудники" not in content


def test_sysadmin_sees_all_classes_and_staff(client, school, class_5a, sysadmin):
    SchoolClassFactory(school=school, year=class_5a.year, letter="Б")
    client.force_login(sysadmin)
    content = client.get(URL).content.decode()
    assert "Класс 5А" in content and "Класс 5Б" in content
    assert "Сотрудники" in content


def test_issue_offers_the_pdf_of_the_job_once(client, class_5a):
    # given
    client.force_login(class_teacher_of(class_5a))
    # when
    response = issue(client, class_5a.pk)
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    day = class_5a.school.local_today().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="logins-5A-{day}.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(reader.pages[0].extract_text().split())
    assert "ivanova.mp" in text and "ivanova.es" in text
    assert Event.objects.filter(code=events.CREDENTIALS_ISSUED).count() == 1
    # the passwords are handed over once, then kept nowhere
    job = CredentialsJob.objects.get()
    again = client.get(reverse("school:credentials-job-pdf", args=[job.pk]))
    assert again.status_code == 404
    assert CredentialsJob.objects.filter(pdf__isnull=True).count() == 1
    page = client.get(reverse("school:credentials-job", args=[job.pk]))
    assert "Листки уже скачаны" in page.content.decode()


def test_a_job_is_its_requesters_only(client, school, class_5a, sysadmin):
    client.force_login(class_teacher_of(class_5a))
    client.post(URL, {"target": class_5a.pk, "audience": "both"})
    job = CredentialsJob.objects.get()
    credentials_job_run(job_id=job.pk)
    client.force_login(sysadmin)
    assert (
        client.get(reverse("school:credentials-job", args=[job.pk])).status_code == 404
    )
    pdf = client.get(reverse("school:credentials-job-pdf", args=[job.pk]))
    assert pdf.status_code == 404
    assert CredentialsJob.objects.filter(pdf__isnull=False).count() == 1


def test_sysadmin_issues_staff_slips(client, school, sysadmin):
    StaffMemberFactory(
        school=school,
        user=UserFactory(last_name="Петрова", first_name="Анна", password=None),
    )
    client.force_login(sysadmin)
    response = issue(client, "staff")
    assert response["Content-Disposition"].startswith(
        'attachment; filename="logins-staff-'
    )
    assert User.objects.get(last_name="Петрова").username == "petrova.ai"


def test_nobody_to_issue_says_so_in_russian(client, class_5a):
    client.force_login(class_teacher_of(class_5a))
    issue(client, class_5a.pk)
    response = issue(client, class_5a.pk)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "У всех выбранных уже есть логин и пароль" in response.content.decode()


def test_reissue_needs_the_confirmation(client, class_5a):
    # given
    client.force_login(class_teacher_of(class_5a))
    issue(client, class_5a.pk)
    before = list(User.objects.values_list("password", flat=True))
    # when
    response = issue(client, class_5a.pk, reissue="on")
    # then
    assert "старые перестанут действовать" in response.content.decode()
    assert list(User.objects.values_list("password", flat=True)) == before
    confirmed = issue(client, class_5a.pk, reissue="on", confirm_reissue="on")
    assert confirmed["Content-Type"] == "application/pdf"


def test_another_class_of_the_school_is_404_for_a_class_teacher(
    client, school, class_5a
):
    other = SchoolClassFactory(school=school, year=class_5a.year, letter="Б")
    client.force_login(class_teacher_of(other))
    assert issue(client, class_5a.pk).status_code == 404
    assert issue(client, "staff").status_code == 404
    assert issue(client, "nonsense").status_code == 404
    assert not Event.objects.filter(code=events.CREDENTIALS_ISSUED).exists()


def test_another_schools_class_is_404_for_a_sysadmin(client, other_school, class_5a):
    client.force_login(member(Role.SYSADMIN, other_school))
    assert issue(client, class_5a.pk).status_code == 404
    assert not Event.objects.filter(code=events.CREDENTIALS_ISSUED).exists()


@pytest.mark.parametrize("role", [Role.TEACHER, Role.PARENT, Role.DIRECTOR])
def test_other_roles_get_404(client, school, class_5a, role):
    client.force_login(member(role, school))
    assert client.get(URL).status_code == 404
    assert issue(client, class_5a.pk).status_code == 404


def test_class_teacher_acting_as_teacher_gets_404(client, school, class_5a):
    # given: a class teacher who switched to their subject teacher role
    user = class_teacher_of(class_5a)
    as_teacher = MembershipFactory(user=user, school=school, role=Role.TEACHER)
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = as_teacher.pk
    session.save()
    # then
    assert client.get(URL).status_code == 404


def test_pupil_logs_in_with_the_slip_and_must_change_password(client, class_5a):
    # given
    batch = credentials.credentials_issue_for_class(
        actor=class_teacher_of(class_5a), school_class=class_5a, audience="students"
    )
    slip = batch[0]
    # when
    response = client.post(
        reverse("login"), {"username": slip.login, "password": slip.password}
    )
    # then
    assert response.status_code == 302
    diary = client.get("/diary/me/")
    assert diary.status_code == 302
    assert diary.url == "/password/"
    assert client.get("/password/").status_code == 200


def test_page_counts_who_still_lacks_a_login(client, class_5a):
    # given: the pupil has a login, the parent not yet
    teacher = class_teacher_of(class_5a)
    credentials.credentials_issue_for_class(
        actor=teacher, school_class=class_5a, audience="students"
    )
    client.force_login(teacher)
    # when
    content = " ".join(client.get(URL).content.decode().split())
    # then
    row = '<th scope="row">5А</th> <td>1</td><td>0</td> <td>1</td><td>1</td>'
    assert row in content
