"""URLs of the credentials pages."""

from django.urls import path

from ..views import credentials

urlpatterns: list = [
    path("credentials/", credentials.credentials_page, name="credentials"),
]
