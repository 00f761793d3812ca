"""The benchmark harness: scenarios, their floors, alternating rounds, one format.

A scenario is a function registered with `@scenario("name")`; it receives a
`Context` and returns `Result`s. Every figure is measured against a floor in the
same run, in alternating rounds (the machine is shared and noisy), and the
median of the per-round ratios is reported. One line of JSON per result:

    {"scenario", "metric", "value", "unit", "baseline", "ratio", "better"}

`ratio` is value / baseline in the same unit; `better` says which way is good
("lower" for times, "higher" for throughputs). The headline line of a scenario
(`headline=True`) carries the ratio its target is stated in.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = ("small", "city")
REGISTRY: dict[str, Callable[[Context], list[Result]]] = {}


@dataclass
class Result:
    scenario: str
    metric: str
    value: float
    unit: str
    baseline: float
    ratio: float
    better: str
    headline: bool = False
    target: str = ""
    note: str = ""

    def line(self) -> dict:
        data = asdict(self)
        return {k: data[k] for k in ("scenario", "metric", "value", "unit")} | {
            "baseline": data["baseline"],
            "ratio": data["ratio"],
            "better": data["better"],
        }


@dataclass
class Context:
    size: str
    rounds: int
    database_url: str
    work_dir: Path
    notes: list[str] = field(default_factory=list)


def scenario(name: str):
    def register(function):
        REGISTRY[name] = function
        return function

    return register


def timed(function: Callable[[], object]) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def alternate(
    measure: Callable[[], float], floor: Callable[[], float], rounds: int
) -> tuple[list[float], list[float]]:
    """Floor, measure, floor, measure…: each round's pair shares the same noise."""
    values, floors = [], []
    for index in range(rounds):
        if index % 2 == 0:
            floors.append(floor())
            values.append(measure())
        else:
            values.append(measure())
            floors.append(floor())
    return values, floors


def median_ratio(values: list[float], floors: list[float]) -> float:
    return statistics.median(v / f for v, f in zip(values, floors, strict=True) if f)


def bench_database_url(size: str) -> str:
    """The harness's own database for a size (BENCH_DATABASE_URL overrides)."""
    explicit = os.environ.get("BENCH_DATABASE_URL")
    if explicit:
        return explicit
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ejournal")
    return base.rsplit("/", 1)[0] + f"/ejournal_bench_{size}"


def ensure_seeded(url: str, size: str) -> None:
    """Create, migrate and seed the bench database unless it already holds data."""
    import subprocess
    import sys

    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    with psycopg.connect(url) as conn:
        seeded = (
            conn.execute(
                "SELECT to_regclass('public.school_school') IS NOT NULL"
            ).fetchone()[0]
            and conn.execute("SELECT EXISTS (SELECT 1 FROM school_school)").fetchone()[
                0
            ]
        )
    if seeded:
        return
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "ejournal.settings.test",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
    subprocess.run([*manage, "seed_demo", "--size", size], env=env, check=True)


def print_table(results: list[Result]) -> None:
    header = f"{'scenario':10} {'metric':24} {'value':>10} {'unit':6} "
    header += f"{'floor':>10} {'ratio':>7} {'better':7} target"
    print(header)
    print("-" * len(header))
    for r in results:
        mark = "*" if r.headline else " "
        print(
            f"{r.scenario:10} {r.metric:24} {r.value:10.3f} {r.unit:6} "
            f"{r.baseline:10.3f} {r.ratio:6.2f}{mark} {r.better:7} {r.target}"
        )


def run(names: list[str], *, size: str, rounds: int, json_out: str | None) -> int:
    import tempfile

    from . import backup  # noqa: F401 - registers its scenario

    unknown = [n for n in names if n not in REGISTRY]
    if unknown:
        print(f"unknown scenarios: {', '.join(unknown)}; known: {', '.join(REGISTRY)}")
        return 2
    results: list[Result] = []
    url = bench_database_url(size)
    ensure_seeded(url, size)
    with tempfile.TemporaryDirectory(prefix="ejournal-bench-") as work:
        for name in names or list(REGISTRY):
            context = Context(
                size=size, rounds=rounds, database_url=url, work_dir=Path(work)
            )
            results += REGISTRY[name](context)
            for note in context.notes:
                print(f"[{name}] {note}")
    print_table(results)
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, size {size}")
    if json_out:
        with open(json_out, "w", encoding="utf-8") as handle:
            for result in results:
                handle.write(json.dumps(result.line(), ensure_ascii=False) + "\n")
    return 0
