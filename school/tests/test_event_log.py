"""The sysadmin's events log in words: every code has a Russian label, details
name people and objects, filters by kind, person and dates, XLSX export."""

from __future__ import annotations

import ast
import datetime
import io
from pathlib import Path

import openpyxl
import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from school import events
from school.event_log import EVENT_LABELS, event_rows
from school.models import Event, Role
from school.tests.factories import (
    SchoolClassFactory,
    StudentFactory,
    UserFactory,
    member,
)

ROOT = Path(__file__).resolve().parents[2]
SKIP = {".venv", "tests", "migrations", "var", "bench", "node_modules"}


def _sources():
    for path in ROOT.rglob("*.py"):
        if not SKIP.intersection(path.relative_to(ROOT).parts):
            yield path


def _constants(tree) -> dict[str, str]:
    return {
        target.id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
        for target in node.targets
        if isinstance(target, ast.Name) and isinstance(node.value.value, str)
    }


def _recorded_codes() -> tuple[set[str], list[str]]:
    """Every code passed to an events `record(...)` call, and any call whose code
    cannot be read from the source (which fails the test too)."""
    trees = {path: ast.parse(path.read_text()) for path in _sources()}
    everywhere: dict[str, set[str]] = {}
    for tree in trees.values():
        for name, value in _constants(tree).items():
            everywhere.setdefault(name, set()).add(value)
    codes: set[str] = set()
    unresolved: list[str] = []

    def resolve(node, local: dict, where: str) -> None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            codes.add(node.value)
        elif isinstance(node, ast.IfExp):
            resolve(node.body, local, where)
            resolve(node.orelse, local, where)
        elif isinstance(node, ast.Name) and node.id in local:
            for value in local[node.id]:
                resolve(value, {}, where)
        elif isinstance(node, ast.Name | ast.Attribute):
            name = node.id if isinstance(node, ast.Name) else node.attr
            if name in everywhere:
                codes.update(everywhere[name])
            else:
                unresolved.append(f"{where}: {ast.unparse(node)}")
        else:
            unresolved.append(f"{where}: {ast.unparse(node)}")

    for path, tree in trees.items():
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            local: dict[str, list] = {}
            for node in ast.walk(function):
                if isinstance(node, ast.Assign):
                    for target in node.targets:
                        if isinstance(target, ast.Name):
                            local.setdefault(target.id, []).append(node.value)
            for node in ast.walk(function):
                if not isinstance(node, ast.Call) or not node.args:
                    continue
                func = node.func
                name = func.id if isinstance(func, ast.Name) else None
                name = func.attr if isinstance(func, ast.Attribute) else name
                if name == "record":
                    where = f"{path.relative_to(ROOT)}:{node.lineno}"
                    resolve(node.args[0], local, where)
    return codes, unresolved


def test_every_event_code_in_the_code_base_has_a_russian_label():
    # given: every code recorded anywhere
    codes, unresolved = _recorded_codes()
    # then: each can be read from the source and has a label in Russian
    assert not unresolved, unresolved
    assert len(codes) >= 25, sorted(codes)
    missing = sorted(code for code in codes if code not in EVENT_LABELS)
    assert not missing, (
        f"events without a Russian label in school/event_log.py: {missing}"
    )
    with translation.override("en"):
        english = {code: str(EVENT_LABELS[code]) for code in codes}
    with translation.override("ru"):
        untranslated = [c for c in codes if str(EVENT_LABELS[c]) == english[c]]
    assert not untranslated, untranslated


def test_the_collector_finds_the_codes_of_every_kind_of_call():
    codes, _unresolved = _recorded_codes()
    for code in (
        "accounts.login.failed",  # through a local variable and a conditional
        "accounts.login.locked",
        "journal.correction.rejected",  # a conditional in the call
        "school.student.admitted",  # a literal
        "diary.consent.revoked",  # a constant of another module
        "school.demo.seeded",  # an attribute of the events module
    ):
        assert code in codes, code


def _student_admitted(school, actor):
    pupil = StudentFactory(
        school=school, user__last_name="Ёжикова", user__first_name="Маша"
    )
    school_class = SchoolClassFactory(year=school.academic_years.get(), grade=5)
    return events.record(
        "school.student.admitted",
        actor=actor,
        school=school,
        student=pupil.pk,
        school_class=school_class.pk,
        order="12-у",
    ), school_class


def test_details_name_people_and_objects_not_ids_or_dicts(client, school, sysadmin):
    # given
    director = member(Role.DIRECTOR, school, last_name="Директорова")
    _event, school_class = _student_admitted(school, director)
    events.school_settings_updated(
        actor=director, school=school, changed={"edit_window_days": ["0", "3"]}
    )
    # when
    client.force_login(sysadmin)
    content = client.get(
        reverse("school:event-list", args=[school.pk])
    ).content.decode()
    # then
    assert "Ученик зачислен" in content
    assert "Ёжикова Маша" in content and f"класс: {school_class.name}" in content
    assert "Директорова" in content
    assert "Изменены настройки школы" in content and "0 → 3" in content
    assert "{" not in content.split("<tbody>")[1].split("</tbody>")[0]
    assert "school.student.admitted</td>" not in content


def test_a_deleted_object_is_said_so(school, sysadmin):
    event = events.record(
        "school.staff.hired", actor=sysadmin, school=school, staff=999999
    )
    with translation.override("ru"):
        [row] = event_rows([event])
        assert row.details == [("сотрудник", "удалён (№ 999999)")]


def test_filters_by_kind_person_and_dates(client, school, sysadmin):
    # given: a sign-in on 01.12 by Петров, a school event on 03.12 by Сидорова
    petrov = member(Role.TEACHER, school, last_name="Петров")
    sidorova = member(Role.DEPUTY, school, last_name="Сидорова")
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, tzinfo=school.tzinfo)):
        events.login_succeeded(user=petrov, school=school, ip="10.0.0.1")
    with time_machine.travel(datetime.datetime(2026, 12, 3, 9, tzinfo=school.tzinfo)):
        _student_admitted(school, sidorova)
    client.force_login(sysadmin)
    url = reverse("school:event-list", args=[school.pk])

    def shown(**query):
        content = client.get(url, query).content.decode()
        return {name for name in ("Петров", "Сидорова") if name in content}

    # then
    assert shown() == {"Петров", "Сидорова"}
    assert shown(code="accounts.") == {"Петров"}
    assert shown(code="school.student.admitted") == {"Сидорова"}
    assert shown(person="сидоров") == {"Сидорова"}
    assert shown(date_from="2026-12-02") == {"Сидорова"}
    assert shown(date_to="2026-12-01") == {"Петров"}
    assert shown(date_from="2026-12-01", date_to="2026-12-01", person="Петр") == {
        "Петров"
    }


def test_exports_the_filtered_log_to_xlsx(client, school, sysadmin):
    # given
    director = member(Role.DIRECTOR, school, last_name="Директорова")
    _student_admitted(school, director)
    events.login_failed(username="nobody", ip="10.0.0.9", locked=False)
    client.force_login(sysadmin)
    # when
    response = client.get(
        reverse("school:event-list", args=[school.pk]),
        {"code": "school.", "export": "xlsx"},
    )
    # then
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0] == ("Время", "Событие", "Кто", "IP-адрес", "Подробности")
    assert len(rows) == 2
    assert rows[1][1] == "Ученик зачислен" and "Директорова" in rows[1][2]
    assert "ученик: Ёжикова Маша" in rows[1][4]
    export = Event.objects.get(code="reports.export")
    assert export.actor == sysadmin and export.params == {"kind": "events", "rows": 1}


def test_only_the_sysadmin_exports_and_a_refusal_writes_nothing(client, school):
    # given
    director = member(Role.DIRECTOR, school)
    _student_admitted(school, director)
    before = Event.objects.count()
    client.force_login(director)
    # when
    response = client.get(
        reverse("school:event-list", args=[school.pk]), {"export": "xlsx"}
    )
    # then
    assert response.status_code == 404
    assert Event.objects.count() == before


@pytest.mark.parametrize("code", sorted(EVENT_LABELS))
def test_each_label_reads_in_russian(code):
    with translation.override("ru"):
        label = str(EVENT_LABELS[code])
    assert any("а" <= ch.lower() <= "я" for ch in label), label


def test_the_person_is_named_with_the_login(school):
    user = UserFactory(username="petya", last_name="Петров", first_name="Петя")
    event = events.record("accounts.logout", actor=user, school=school)
    [row] = event_rows([event])
    assert row.person == "Петров Петя Иванович (petya)"
