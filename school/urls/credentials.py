"""URLs of the credentials pages."""

from django.urls import path

from ..views import credentials

urlpatterns: list = [
    path("credentials/", credentials.credentials_page, name="credentials"),
    path(
        "credentials/jobs/<int:job_id>/",
        credentials.credentials_job,
        name="credentials-job",
    ),
    path(
        "credentials/jobs/<int:job_id>/pdf/",
        credentials.credentials_job_pdf,
        name="credentials-job-pdf",
    ),
]
