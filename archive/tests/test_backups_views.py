"""The sysadmin's page of backups, the home link, /healthz, the export job."""

from __future__ import annotations

import datetime
import io
import json
import time
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from archive import events
from archive.copies import Kind
from archive.models import ExportJob, ExportStatus
from archive.services import backups, exports
from school.models import Event, Role
from school.tests.factories import member

pytestmark = pytest.mark.usefixtures("backup_settings")
PAGE = reverse("archive:backup-page")


def test_sysadmin_home_links_to_backups_instead_of_not_ready(client, school, sysadmin):
    client.force_login(sysadmin)
    content = client.get(reverse("school:sysadmin-home")).content.decode()
    assert PAGE in content
    assert "Ещё не готово" not in content


def test_the_page_is_red_without_a_verified_copy(client, school, sysadmin):
    client.force_login(sysadmin)
    response = client.get(PAGE)
    assert response.status_code == 200
    assert 'data-ok="false"' in response.content.decode()
    assert "Проверенных копий пока нет" in response.content.decode()
    assert client.get("/healthz").json()["backups"] == {"ok": False}


def test_the_page_is_green_with_a_fresh_verified_copy(world, client, settings):
    sysadmin = member(Role.SYSADMIN, world["school"])
    copy = backups.backup_create(kind=Kind.DAILY)
    client.force_login(sysadmin)
    content = client.get(PAGE).content.decode()
    assert 'data-ok="true"' in content
    assert copy.name in content
    assert "Свободно в" in content
    health = client.get("/healthz").json()
    assert health["backups"] == {"ok": True}
    assert copy.name not in json.dumps(health)  # no details in public


def test_the_page_is_red_when_the_newest_verified_copy_is_older_than_26_hours(
    world, client, settings
):
    import time_machine

    with time_machine.travel(datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)):
        backups.backup_create(kind=Kind.DAILY)
    client.force_login(member(Role.SYSADMIN, world["school"]))
    content = client.get(PAGE).content.decode()
    assert 'data-ok="false"' in content
    assert "старше 26 ч" in content


@pytest.mark.parametrize("role", [Role.DIRECTOR, Role.TEACHER, Role.PARENT])
def test_other_roles_get_404(client, school, role):
    client.force_login(member(role, school))
    assert client.get(PAGE).status_code == 404
    response = client.post(
        reverse("archive:export-create"),
        {"date_from": "2026-09-01", "date_to": "2026-12-31"},
    )
    assert response.status_code == 404
    assert not ExportJob.objects.exists()
    assert not Event.objects.filter(code=events.EXPORT_REQUESTED).exists()


def test_a_backwards_range_is_a_form_error_and_writes_nothing(client, school, sysadmin):
    client.force_login(sysadmin)
    response = client.post(
        reverse("archive:export-create"),
        {"date_from": "2026-12-31", "date_to": "2026-09-01"},
    )
    assert response.status_code == 200
    assert "Конец периода не может быть раньше его начала" in response.content.decode()
    assert not ExportJob.objects.exists()


def test_export_of_all_data_by_the_worker_with_progress_and_a_checked_download(
    world, celery_worker, client
):
    # given the school's sysadmin
    school = world["school"]
    sysadmin = member(Role.SYSADMIN, school)
    client.force_login(sysadmin)
    # when the export is asked for on the page
    response = client.post(
        reverse("archive:export-create"),
        {"date_from": "2026-09-01", "date_to": "2027-08-31"},
    )
    assert response.status_code == 302
    job = ExportJob.objects.get()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if not job.is_active:
            break
        time.sleep(0.5)
    # then it is done, its progress full, and the row fragment offers the file
    assert job.status == ExportStatus.DONE, job.error
    assert job.tables_done == job.tables_total > 10
    fragment = client.get(reverse("archive:export-detail", args=(job.pk,)))
    assert (
        reverse("archive:export-download", args=(job.pk,)) in fragment.content.decode()
    )
    download = client.get(reverse("archive:export-download", args=(job.pk,)))
    assert download.status_code == 200
    body = b"".join(download.streaming_content)
    archive = zipfile.ZipFile(io.BytesIO(body))
    names = archive.namelist()
    assert "json/journal.mark.json" in names
    assert "json/journal.historicalmark.json" in names
    marks = json.loads(archive.read("json/journal.mark.json"))
    assert [m["fields"]["value"] for m in marks] == ["5"]
    users = json.loads(archive.read("json/school.user.json"))
    assert users and all("password" not in u["fields"] for u in users)
    book = load_workbook(io.BytesIO(archive.read("export.xlsx")), read_only=True)
    assert "journal.mark" in book.sheetnames
    assert Event.objects.filter(code=events.EXPORT_FINISHED, school=school).exists()
    assert Event.objects.filter(code=events.EXPORT_DOWNLOADED, actor=sysadmin).exists()


def test_another_schools_sysadmin_cannot_download(world, client, other_school):
    school = world["school"]
    sysadmin = member(Role.SYSADMIN, school)
    job = exports.export_request(
        actor=sysadmin,
        school=school,
        date_from=datetime.date(2026, 9, 1),
        date_to=datetime.date(2026, 12, 31),
    )
    exports.export_run(job_id=job.pk)
    client.force_login(member(Role.SYSADMIN, other_school))
    assert (
        client.get(reverse("archive:export-download", args=(job.pk,))).status_code
        == 404
    )
    assert (
        client.get(reverse("archive:export-detail", args=(job.pk,))).status_code == 404
    )
    assert not Event.objects.filter(code=events.EXPORT_DOWNLOADED).exists()


def test_export_school_command(world, tmp_path):
    from django.core.management import call_command

    out = io.StringIO()
    call_command(
        "export_school",
        world["school"].code,
        "--from",
        "2026-09-01",
        "--to",
        "2027-08-31",
        stdout=out,
    )
    path = out.getvalue().strip().split()[-1]
    assert zipfile.ZipFile(path).read("README.txt")
