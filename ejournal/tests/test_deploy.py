"""Deployment: production settings pass `check --deploy`; compose and .env agree."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management.utils import get_random_secret_key

ROOT = Path(__file__).resolve().parent.parent.parent
ENV_EXAMPLE = ROOT / ".env.example"
COMPOSE = ROOT / "docker-compose.yml"
README = ROOT / "README.md"
SETTINGS_FILES = [
    ROOT / "ejournal" / "settings" / "base.py",
    ROOT / "ejournal" / "settings" / "production.py",
]
PRODUCTION = "ejournal.settings.production"
APP_SERVICES = {"migrate", "web", "worker", "beat"}
ALL_SERVICES = APP_SERVICES | {"db", "redis"}
# env.str("X"), env.int("X", default=...), environ.Env().str("X", ...) and the like.
ENV_READ = re.compile(
    r"\.(?:str|int|bool|float|list|json|url|db|db_url|email_url|cache_url)"
    r"\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']"
)
# Only what a process needs to start; nothing of the test run's own settings leaks.
INHERITED = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")


def parse_env_file(path: Path) -> dict[str, str]:
    """KEY=value lines as docker compose reads them; comments and blanks skipped."""
    values = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        assert sep, f"not KEY=value: {raw!r}"
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def random_secret_key() -> str:
    # django-environ reads a value starting with "$" as a reference to another one.
    key = get_random_secret_key()
    while key.startswith("$"):
        key = get_random_secret_key()
    return key


def sample_environment(tmp_path: Path) -> dict[str, str]:
    environment = {k: os.environ[k] for k in INHERITED if k in os.environ}
    environment.update(parse_env_file(ENV_EXAMPLE))
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": PRODUCTION,
            "DJANGO_SECRET_KEY": random_secret_key(),
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
            "REDIS_URL": "redis://127.0.0.1:6379/15",
            "EJOURNAL_VAR_DIR": str(tmp_path / "var"),
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    return environment


def run_python(args: list[str], environment: dict[str, str]):
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=180,
    )


def variables_read_by_settings() -> set[str]:
    names = set()
    for path in SETTINGS_FILES:
        names.update(ENV_READ.findall(path.read_text(encoding="utf-8")))
    return names


def declared_in_env_example(name: str, text: str) -> bool:
    """KEY=..., or commented out as # KEY=... when production ignores it."""
    return re.search(rf"^(?:#\s*)?{re.escape(name)}=", text, flags=re.M) is not None


def load_compose() -> dict | None:
    try:
        import yaml
    except ImportError:
        return None
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def environment_of(service: dict) -> dict[str, str]:
    """A compose service's `environment`, written as a mapping or as KEY=value items."""
    environment = service.get("environment") or {}
    if isinstance(environment, dict):
        return {key: str(value) for key, value in environment.items()}
    return dict(item.split("=", 1) for item in environment)


def top_level_block(text: str, key: str) -> str:
    """The lines of a top-level YAML key, up to the next top-level key."""
    match = re.search(rf"^{re.escape(key)}:.*?(?=^\S|\Z)", text, flags=re.M | re.S)
    return match.group(0) if match else ""


def service_blocks(text: str) -> dict[str, str]:
    """Without PyYAML: each service's lines under `services:`, by two-space indent."""
    services = top_level_block(text, "services")
    parts = re.split(r"^  ([A-Za-z0-9._-]+):[ \t]*$", services, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_production_settings_pass_check_deploy(tmp_path):
    # given
    environment = sample_environment(tmp_path)

    # when
    result = run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], environment
    )

    # then
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output, output
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_secret_key(tmp_path):
    # given
    environment = sample_environment(tmp_path)
    del environment["DJANGO_SECRET_KEY"]

    # when
    result = run_python(["-c", "import django; django.setup()"], environment)

    # then
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_settings_regex_finds_the_variables_of_both_files():
    # given / when
    names = variables_read_by_settings()

    # then
    assert names >= {"DJANGO_SECRET_KEY", "DATABASE_URL", "EMAIL_URL"}
    assert names >= {"EJOURNAL_VAR_DIR", "DATABASE_POOL_MAX", "AXES_COOLOFF_MINUTES"}


def test_every_settings_variable_is_in_env_example():
    # given
    names = variables_read_by_settings()
    text = ENV_EXAMPLE.read_text(encoding="utf-8")

    # when
    missing = sorted(n for n in names if not declared_in_env_example(n, text))

    # then
    assert missing == []


def test_env_example_points_at_the_compose_services():
    # given
    values = parse_env_file(ENV_EXAMPLE)

    # when
    database_host = re.search(r"@([^:/]+)[:/]", values["DATABASE_URL"])
    redis_host = re.search(r"://([^:/]+)[:/]", values["REDIS_URL"])

    # then
    assert database_host and database_host.group(1) == "db"
    assert redis_host and redis_host.group(1) == "redis"
    assert values["POSTGRES_PASSWORD"]
    assert f":{values['POSTGRES_PASSWORD']}@" in values["DATABASE_URL"]


@pytest.mark.skipif(not README.exists(), reason="README.md is not written yet")
def test_every_settings_variable_is_in_readme():
    # given
    names = variables_read_by_settings()
    text = README.read_text(encoding="utf-8")

    # when
    missing = sorted(n for n in names if not re.search(rf"\b{n}\b", text))

    # then
    assert missing == []


def test_compose_defines_every_service():
    # given
    text = COMPOSE.read_text(encoding="utf-8")

    # when
    compose = load_compose()
    services = set(compose["services"]) if compose else set(service_blocks(text))

    # then
    assert services >= ALL_SERVICES


def test_compose_app_services_run_production_settings():
    # given
    text = COMPOSE.read_text(encoding="utf-8")
    compose = load_compose()

    # when
    if compose is not None:
        app_services = {
            name: service
            for name, service in compose["services"].items()
            if "build" in service
            or str(service.get("image", "")).startswith("ejournal")
        }
        settings_of = {
            name: environment_of(service).get("DJANGO_SETTINGS_MODULE")
            for name, service in app_services.items()
        }
    else:
        line = re.compile(r"^\s+DJANGO_SETTINGS_MODULE:\s*(\S+)\s*$", re.M)
        anchor = line.search(top_level_block(text, "x-app"))
        settings_of = {}
        for name, block in service_blocks(text).items():
            own = line.search(block)
            if own:
                settings_of[name] = own.group(1)
            elif re.search(r"<<:\s*\*app\b", block):
                settings_of[name] = anchor.group(1) if anchor else None

    # then
    assert set(settings_of) == APP_SERVICES
    assert set(settings_of.values()) == {PRODUCTION}


def test_compose_holds_no_password():
    # given
    text = COMPOSE.read_text(encoding="utf-8")
    example = parse_env_file(ENV_EXAMPLE)

    # when
    password_lines = [
        line.strip()
        for line in text.splitlines()
        if re.search(r"PASSWORD\s*[:=]", line) and not line.lstrip().startswith("#")
    ]

    # then
    assert password_lines
    for line in password_lines:
        value = re.split(r"[:=]", line, maxsplit=1)[1].strip()
        assert re.fullmatch(r"\$\{[A-Z_]+:\?[^}]*\}", value), line
    assert example["POSTGRES_PASSWORD"] not in text
    assert not re.search(r"://[^/\s:@]+:[^@\s]+@", text), "credentials in a URL"
