"""Project-wide checks: migrations, translations, settings."""

import re
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
RU_PO = ROOT / "locale" / "ru" / "LC_MESSAGES" / "django.po"


@pytest.mark.django_db
def test_no_missing_migrations():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)


def test_argon2_is_the_first_hasher_outside_tests():
    from ejournal.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_russian_is_the_default_language():
    assert settings.LANGUAGE_CODE == "ru"
    assert [code for code, _ in settings.LANGUAGES] == ["ru", "en"]


def test_every_russian_message_is_translated():
    # when
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(RU_PO)],
        capture_output=True,
        text=True,
    )
    # then
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr
    assert "fuzzy" not in result.stderr


def test_compiled_messages_match_the_sources(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(compiled), str(RU_PO)], check=True)
    assert compiled.read_bytes() == RU_PO.with_suffix(".mo").read_bytes()


def test_every_ui_string_is_in_the_catalogue():
    """Strings in gettext calls and translate tags all reach the Russian catalogue."""
    catalogue = RU_PO.read_text()
    ids = set(re.findall(r'^msgid "(.+)"$', catalogue, flags=re.M))
    pattern = re.compile(r'(?:\b_|gettext(?:_lazy)?|translate)\(?\s*"([^"{}%]+)"')
    missing = []
    for path in [*ROOT.glob("*/**/*.py"), *ROOT.glob("templates/**/*.html")]:
        if ".venv" in path.parts or "tests" in path.parts or "migrations" in path.parts:
            continue
        # Adjacent literals are one string to gettext.
        source = re.sub(r'"\s*\n\s*"', "", path.read_text())
        for text in pattern.findall(source):
            if text not in ids:
                missing.append((path.relative_to(ROOT), text))
    assert not missing, missing[:20]
