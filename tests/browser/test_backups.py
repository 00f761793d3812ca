import zipfile

import pytest

from archive.copies import Kind
from archive.crypto import keygen
from archive.services import backups
from school.models import Role
from school.tests.factories import PASSWORD, AcademicYearFactory, SchoolFactory, member

from .test_credentials import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sysadmin_sees_the_copies_and_downloads_the_export_of_all_data(
    page, settings, tmp_path, celery_worker
):
    # given: a school's sysadmin and one fresh copy
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.BACKUP_MIRROR_DIR = ""
    settings.BACKUP_ENCRYPTION_KEY = keygen()
    settings.EXPORT_DIR = tmp_path / "exports"
    settings.MEDIA_ROOT = tmp_path / "media"
    school = SchoolFactory(short_name="СОШ № 7")
    AcademicYearFactory(school=school)
    sysadmin = member(Role.SYSADMIN, school)
    copy = backups.backup_create(kind=Kind.DAILY)
    log_in(page, sysadmin.username, PASSWORD)
    page.wait_for_url("**/sysadmin/")
    # when: from the home page to the backups
    page.get_by_role("link", name="Резервные копии и выгрузка всех данных").click()
    # then: the copy is listed and the state is green
    page.get_by_role("heading", name="Резервные копии в порядке").wait_for()
    assert page.get_by_text(copy.name, exact=True).is_visible()
    # when: the export of all data is started
    page.get_by_label("С", exact=True).fill("2026-09-01")
    page.get_by_label("По", exact=True).fill("2027-08-31")
    page.get_by_role("button", name="Начать выгрузку").click()
    # then: the row polls until the file is ready, and the file downloads
    link = page.get_by_role("link", name="Скачать")
    link.wait_for(timeout=120_000)
    with page.expect_download() as download_info:
        link.click()
    names = zipfile.ZipFile(download_info.value.path()).namelist()
    assert "export.xlsx" in names
    assert "json/school.school.json" in names
