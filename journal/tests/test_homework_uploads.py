"""A homework file obeys the upload limit every upload shares (HOMEWORK_FILE_MAX_MB)."""

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from journal.models import Homework
from journal.tests.conftest import MONDAY, at


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_a_homework_file_past_the_setting_is_refused(setup, client, media, settings):
    # given: a limit of 1 MB and a 2 MB file
    s = setup
    settings.HOMEWORK_FILE_MAX_MB = 1
    settings.UPLOAD_MAX_MB = 1
    client.force_login(s["teacher"])
    url = reverse(
        "journal:lesson",
        args=(s["group"].pk, s["subject"].pk, MONDAY.isoformat(), 2),
    )
    upload = SimpleUploadedFile("big.pdf", b"%PDF" + bytes(2 * 1024 * 1024))
    # when
    with time_machine.travel(at(s["school"], MONDAY, 9, 30), tick=False):
        response = client.post(
            url, {"action": "homework", "hw-text": "Файл", "hw-attachment": upload}
        )
    # then: the limit is named and nothing is stored, on disk or in the table
    assert "1 МБ" in response.content.decode()
    assert not Homework.objects.exists()
    assert not any(media.rglob("*.pdf"))
