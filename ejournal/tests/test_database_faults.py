"""Connections PostgreSQL closed are replaced before use: no 500 after a restart.

A real gunicorn with the pool of the run mode's own settings serves a logged-in
teacher; between requests every backend of the service is terminated (as a
PostgreSQL restart or an idle-connection killer would do), then the next
requests must all answer normally.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from school.models import Role
from school.tests.factories import PASSWORD, member

pytestmark = pytest.mark.django_db(transaction=True)

# Unique per run: parallel test workers must not end each other's connections.
APPLICATION = f"ejournal-dbfault-{uuid.uuid4().hex[:12]}"
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_environment(mode: str, var_dir: Path) -> dict:
    database = connection.settings_dict
    url = (
        f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
        f"{database['NAME']}?application_name={APPLICATION}"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": f"ejournal.settings.{mode}",
        "DATABASE_URL": url,
        "DATABASE_POOL": "true",
        "DATABASE_POOL_MIN": "2",
        "DATABASE_POOL_MAX": "4",
        "REDIS_URL": settings.REDIS_URL,
        "DJANGO_SECRET_KEY": "database-fault-test-only",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DEMO_PASSWORD": PASSWORD,
        "EJOURNAL_VAR_DIR": str(var_dir),
    }
    return environment


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Keeps cookies (secure ones too: it speaks as behind an HTTPS proxy)."""

    def __init__(self, base: str):
        self.base = base
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(NoRedirect)

    def request(self, path: str, data: dict | None = None) -> int:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)
        host = self.base.removeprefix("http://")
        request.add_header("X-Forwarded-Proto", "https")
        request.add_header("Referer", f"https://{host}/login/")
        if self.cookies:
            cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            request.add_header("Cookie", cookie)
        try:
            with self.opener.open(request, timeout=20) as response:
                self._keep(response.headers)
                return response.status
        except urllib.error.HTTPError as error:
            self._keep(error.headers)
            return error.code

    def _keep(self, headers) -> None:
        for header in headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]

    def csrf(self) -> str:
        return self.cookies["csrftoken"]


@pytest.fixture(params=["production", "local"])
def server(request, school, tmp_path):
    environment = server_environment(request.param, tmp_path)
    # Production serves hashed static names from a manifest: build it first.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        env=environment,
        cwd=settings.BASE_DIR,
        check=True,
    )
    port = free_port()
    process = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "ejournal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "2",
            "--timeout",
            "30",
        ],
        env=environment,
        cwd=settings.BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if Browser(base).request("/healthz") == 200:
                    break
            except OSError:
                pass
            time.sleep(0.3)
        else:
            pytest.fail("gunicorn did not start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def terminate_backends() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE application_name = %s",
            [APPLICATION],
        )
        return cursor.fetchone()[0]


def test_no_500_after_the_server_closed_the_connections(server, school):
    # given: a teacher logged in through the real server
    teacher = member(Role.TEACHER, school)
    # The server hashes with its own settings' hashers, not the tests' fast MD5.
    hasher = PBKDF2PasswordHasher()
    teacher.password = hasher.encode(PASSWORD, hasher.salt(), iterations=1000)
    teacher.save(update_fields=["password"])
    browser = Browser(server)
    assert browser.request("/login/") == 200
    logged_in = browser.request(
        "/login/",
        {
            "username": teacher.username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": browser.csrf(),
        },
    )
    assert logged_in == 302
    assert browser.request("/journal/") == 200
    # when: PostgreSQL ends every connection of the service
    assert terminate_backends() >= 1
    # then: the next requests are served on fresh connections
    answers = [browser.request(path) for path in ["/journal/", "/healthz"] * 4]
    assert answers == [200] * 8
