"""Every event code the school app writes is listed in school/events.py."""

import ast
import pathlib

from school import events

SCHOOL = pathlib.Path(events.__file__).parent


def _record_calls() -> list[tuple[pathlib.Path, object]]:
    """Each record(code, ...) call in school/ (tests and migrations aside), with the
    code as written: a string literal, or the value of the events constant named."""
    calls = []
    for path in SCHOOL.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else None
            name = func.id if isinstance(func, ast.Name) else name
            if name != "record":
                continue
            calls += [(path, code) for code in _codes_of(node.args[0])]
    return calls


def _codes_of(arg: ast.expr) -> list:
    if isinstance(arg, ast.Constant):
        return [arg.value]
    if isinstance(arg, ast.IfExp):
        return _codes_of(arg.body) + _codes_of(arg.orelse)
    named = arg.attr if isinstance(arg, ast.Attribute) else None
    named = arg.id if isinstance(arg, ast.Name) else named
    return [getattr(events, named or "", None)]


def test_every_code_has_its_function_in_the_registry():
    # then: codes are dotted, unique constants with a callable each
    assert events.CODES
    for code, function in events.CODES.items():
        assert "." in code and code == code.lower()
        assert callable(function)
        assert function.__module__ == "school.events"


def test_no_school_module_records_a_code_outside_the_registry():
    # given: every record(...) call anywhere in school/
    calls = _record_calls()
    # then: each writes a registered code, and only from events.py itself
    assert calls
    unknown = {code for _path, code in calls if code not in events.CODES}
    assert not unknown, unknown
    assert {path.name for path, _code in calls} == {"events.py"}


def test_school_code_constants_are_all_registered():
    # given: every module-level string constant in events.py that looks like a code
    constants = {
        value
        for name, value in vars(events).items()
        if name.isupper() and isinstance(value, str) and "." in value
    }
    # then
    assert constants == set(events.CODES)


def test_the_admin_guide_lists_every_school_code():
    # given
    guide = (SCHOOL.parent / "docs" / "admin-guide.md").read_text(encoding="utf-8")
    # then
    missing = [code for code in events.CODES if f"`{code}`" not in guide]
    assert not missing, missing
