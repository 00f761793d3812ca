"""Every page carries the CSP, the Permissions-Policy and no-store; no inline code."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from school.models import Role
from school.tests.factories import UserFactory, member

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=|\son[a-z]+=", re.I)
CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")
# Rendered by WeasyPrint into PDF or sent as e-mail: never a page under the CSP.
NOT_PAGES = ("email/", "print/")


def url_routes():
    """Every route of the project's URLconf, with its converters, admin aside."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern)

    return [r for r in walk(get_resolver().url_patterns) if not r.startswith("admin")]


def concrete(route: str, school) -> str:
    def value(match):
        kind, name = match.groups()
        if name == "school_id":
            return str(school.pk)
        if kind == "str":
            return "2026-09-01" if name == "day" else "pupils"
        return "1"

    return "/" + CONVERTER.sub(value, route)


def assert_headers(response, url):
    assert response.status_code != 500, url
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp, url
    assert "'unsafe-inline'" not in csp, url
    assert "script-src 'self'" in csp, url
    assert "frame-ancestors 'none'" in csp, url
    assert "camera=()" in response["Permissions-Policy"], url
    assert response["Cache-Control"] == "no-store, private", url


def assert_no_inline_code(response, url):
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return
    html = response.content.decode()
    if "<script" in html:
        assert "script-src 'self' 'nonce-" in response["Content-Security-Policy"]
    assert not INLINE_SCRIPT.search(html), url
    assert not INLINE_STYLE.search(html), url


@pytest.mark.parametrize("role", [Role.DIRECTOR, Role.TEACHER, Role.PARENT])
def test_every_url_pattern_answers_with_the_headers(client, school, role):
    # given: a logged-in user of the role
    client.force_login(member(role, school))
    routes = url_routes()
    assert len(routes) > 100
    for route in routes:
        if route in ("logout/",):
            continue
        url = concrete(route, school)
        # when
        response = client.get(url)
        # then
        assert_headers(response, url)
        assert_no_inline_code(response, url)


def test_the_admin_and_the_login_page_carry_the_headers(client, db):
    assert_headers(client.get(reverse("login")), "login")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    for url in [reverse("admin:index"), reverse("admin:school_school_changelist")]:
        response = client.get(url)
        assert response.status_code == 200
        assert_headers(response, url)


def test_the_nonce_differs_per_response_and_tags_the_scripts(client, teacher):
    client.force_login(teacher)
    first = client.get(reverse("journal:teacher-home"))
    second = client.get(reverse("journal:teacher-home"))
    nonces = [
        re.search(r"'nonce-([^']+)'", r["Content-Security-Policy"]).group(1)
        for r in (first, second)
    ]
    assert nonces[0] != nonces[1]
    assert f'nonce="{nonces[0]}"' in first.content.decode()


def test_static_files_stay_cacheable(client, db):
    response = client.get(settings.STATIC_URL + "css/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_no_template_has_inline_script_or_style():
    offenders = []
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        relative = path.relative_to(Path(settings.BASE_DIR, "templates")).as_posix()
        if relative.startswith(NOT_PAGES):
            continue
        text = path.read_text()
        if INLINE_SCRIPT.search(text) or INLINE_STYLE.search(text):
            offenders.append(relative)
    assert offenders == []
