"""A class's credentials are issued by a real Celery worker; the page shows the
progress through htmx polling and offers the PDF when it is done."""

import io
import time

from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

from school.models import CredentialsJob, CredentialsJobStatus, User
from school.services.credentials_jobs import credentials_job_run
from school.tests.factories import SchoolClassFactory
from school.tests.test_credentials_services import class_teacher_of, parent_of, pupil

SURNAMES = ["Агеева", "Борисов", "Волкова", "Громов", "Дёмина", "Ершов", "Жукова"]


def _class(school):
    school_class = SchoolClassFactory(
        school=school, year=school.academic_years.first(), letter="А"
    )
    for surname in SURNAMES:
        parent_of(pupil(school_class, surname, "Маша", ""), surname, "Анна")
    return school_class


def _wait_until_finished(job_id: int) -> CredentialsJob:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job = CredentialsJob.objects.get(pk=job_id)
        if job.status in (CredentialsJobStatus.DONE, CredentialsJobStatus.FAILED):
            return job
        time.sleep(0.2)
    raise AssertionError("the worker did not finish the job")


@override_settings(SERVICE_URL="https://ej.example.ru")
def test_a_worker_issues_the_class_and_the_page_offers_the_pdf(
    celery_worker, client, school
):
    # given
    school_class = _class(school)
    teacher = class_teacher_of(school_class)
    client.force_login(teacher)
    # when: «Issue» for pupils and parents
    response = client.post(
        reverse("school:credentials"), {"target": school_class.pk, "audience": "both"}
    )
    # then: the job page polls its own progress
    job = CredentialsJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("school:credentials-job", args=[job.pk])
    page = client.get(response.url).content.decode()
    assert 'hx-trigger="every 1s"' in page or "credentials-pdf" in page
    job = _wait_until_finished(job.pk)
    assert job.status == CredentialsJobStatus.DONE, job.error
    assert (job.total, job.done, job.issued) == (14, 14, 14)
    fragment = client.get(response.url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and "hx-trigger" not in fragment
    assert "Скачать листки (PDF)" in fragment
    pdf = client.get(reverse("school:credentials-job-pdf", args=[job.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = " ".join(
        " ".join(
            page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages
        ).split()
    )
    assert "https://ej.example.ru" in text
    assert "ageeva.m" in text
    assert User.objects.filter(must_change_password=True).count() == 14


def test_a_job_runs_once(school):
    school_class = _class(school)
    teacher = class_teacher_of(school_class)
    from school.services.credentials_jobs import credentials_job_create

    job = credentials_job_create(
        actor=teacher, school_class=school_class, audience="students"
    )
    first = credentials_job_run(job_id=job.pk)
    passwords = list(User.objects.order_by("pk").values_list("password", flat=True))
    # when: the task is delivered a second time
    assert credentials_job_run(job_id=job.pk) is None
    # then: nothing was issued again
    assert first.issued == 7
    assert (
        list(User.objects.order_by("pk").values_list("password", flat=True))
        == passwords
    )


def test_progress_shows_done_of_total_while_running(client, school):
    school_class = _class(school)
    teacher = class_teacher_of(school_class)
    job = CredentialsJob.objects.create(
        school=school,
        requested_by=teacher,
        school_class=school_class,
        audience="both",
        status=CredentialsJobStatus.RUNNING,
        total=14,
        done=6,
    )
    client.force_login(teacher)
    fragment = client.get(
        reverse("school:credentials-job", args=[job.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "6 из 14" in fragment
    assert 'value="42"' in fragment and 'hx-trigger="every 1s"' in fragment


def test_an_unfetched_pdf_is_dropped_after_two_hours(client, school):
    import datetime

    from django.utils import timezone

    school_class = _class(school)
    teacher = class_teacher_of(school_class)
    old = CredentialsJob.objects.create(
        school=school,
        requested_by=teacher,
        school_class=school_class,
        audience="both",
        status=CredentialsJobStatus.DONE,
        pdf=b"%PDF-1.4 passwords",
        finished_at=timezone.now() - datetime.timedelta(hours=3),
    )
    client.force_login(teacher)
    page = client.get(reverse("school:credentials-job", args=[old.pk]))
    assert "Листки уже скачаны" in page.content.decode()
    assert not CredentialsJob.objects.filter(pdf__isnull=False).exists()
