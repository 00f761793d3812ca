import os

import pytest
from django.test import override_settings

from school.demo import preparing

BANNER = "Демонстрационные данные готовятся…"


@pytest.mark.django_db
def test_the_login_page_tells_that_demo_data_is_being_prepared(client, tmp_path):
    marker = tmp_path / "demo-preparing"
    with override_settings(DEMO_PREPARING_FILE=marker):
        # given: no seeding under way
        assert BANNER not in client.get("/login/").content.decode()
        # when: a seeding run holds the marker
        with preparing.marker(enabled=True):
            assert marker.read_text() == str(os.getpid())
            page = client.get("/login/").content.decode()
            # then
            assert BANNER in page
        # and the banner goes when the run ends
        assert not marker.exists()
        assert BANNER not in client.get("/login/").content.decode()


def test_a_marker_left_by_a_killed_run_is_ignored(tmp_path):
    marker = tmp_path / "demo-preparing"
    # A pid that cannot be running: above the kernel's pid limit.
    marker.write_text("4194999")
    with override_settings(DEMO_PREPARING_FILE=marker):
        assert not preparing.is_preparing()
