"""Every event code of every app is written by one function of that app's events.py
and listed in its registry, so the event log's labels and the admin guide can be
checked against one list."""

from __future__ import annotations

import ast
import importlib
import pathlib

import pytest
from django.conf import settings

ROOT = pathlib.Path(settings.BASE_DIR)
APPS = [
    name
    for name in ("school", "journal", "diary", "reports", "archive", "audit")
    if (ROOT / name / "events.py").exists()
]


def _record_calls(app: str) -> list[tuple[pathlib.Path, ast.Call]]:
    calls = []
    for path in (ROOT / app).rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args:
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else None
                name = func.id if isinstance(func, ast.Name) else name
                if name == "record":
                    calls.append((path, node))
    return calls


def all_codes() -> dict[str, str]:
    """code → app, over every app's registry."""
    codes: dict[str, str] = {}
    for app in APPS:
        for code in importlib.import_module(f"{app}.events").CODES:
            assert code not in codes, f"{code} is registered by {codes[code]} and {app}"
            codes[code] = app
    return codes


@pytest.mark.parametrize("app", APPS)
def test_an_app_writes_events_only_through_its_events_module(app):
    # given: every record(...) call in the app's code
    calls = _record_calls(app)
    # then: only the app's events.py calls record, and its registry is complete
    outside = {str(path.relative_to(ROOT)) for path, _call in calls}
    outside -= {f"{app}/events.py"}
    assert not outside, f"record() called outside {app}/events.py: {sorted(outside)}"
    module = importlib.import_module(f"{app}.events")
    for code, function in module.CODES.items():
        assert "." in code and code == code.lower()
        assert callable(function) and function.__module__ == f"{app}.events"
    constants = {
        value
        for name, value in vars(module).items()
        if name.isupper() and isinstance(value, str) and "." in value
    }
    assert constants <= set(module.CODES), constants - set(module.CODES)


def test_codes_are_unique_across_apps():
    assert len(all_codes()) >= 20
