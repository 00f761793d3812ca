"""`make run`'s supervisor: SIGTERM (a service manager) stops every child, as Ctrl-C.

The real run needs migrations and the demo seed (minutes), so the supervisor of
scripts/run_local.sh is driven here with stand-in children shaped like the real ones:
a "worker" whose own child (Celery's pool process) outlives it, a child that ignores
SIGTERM, a plain one, and a long first step (the seed).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SUPERVISE = ROOT / "scripts" / "supervise.sh"
DEADLINE = 30  # seconds for any one wait below; never reached when things work

WORKER = textwrap.dedent(
    """
    import os, signal, subprocess, sys, time
    pool = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    with open(sys.argv[1], "a") as pids:
        pids.write(f"{os.getpid()}\\n{pool.pid}\\n")
    # Leaves its pool process behind when terminated, the case the old script missed.
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    time.sleep(600)
    """
)


def script(tmp_path: Path, body: str) -> Path:
    (tmp_path / "worker.py").write_text(WORKER)
    path = tmp_path / "run.sh"
    path.write_text(
        "set -euo pipefail\n"
        f"source {SUPERVISE}\n"
        + textwrap.dedent(body).format(
            py=sys.executable, pids=tmp_path / "pids", dir=tmp_path
        )
    )
    return path


def recorded(tmp_path: Path) -> list[int]:
    path = tmp_path / "pids"
    if not path.exists():
        return []
    return [int(line) for line in path.read_text().split()]


def gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in {"Z", "X"}  # a zombie waits only for its reaper


def wait_until(condition, what: str) -> None:
    end = time.monotonic() + DEADLINE
    while not condition():
        if time.monotonic() > end:
            pytest.fail(f"not within {DEADLINE} s: {what}")
        time.sleep(0.05)


def start(path: Path, tmp_path: Path) -> subprocess.Popen:
    env = {**os.environ, "SUPERVISE_GRACE": "2", "EJOURNAL_VAR_DIR": str(tmp_path)}
    return subprocess.Popen(
        ["bash", str(path)],
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


RUN = """
    supervise_step true
    supervise_start {py} {dir}/worker.py {pids}
    supervise_start bash -c 'trap "" TERM; echo $$ >> {pids}; while :; do sleep 1; done'
    supervise_start bash -c 'echo $$ >> {pids}; exec sleep 600'
    supervise_wait
"""


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_to_the_run_stops_every_child(tmp_path, stop_signal):
    # given: the run with its children up (worker, its pool, a stubborn one, a plain)
    run = start(script(tmp_path, RUN), tmp_path)
    try:
        wait_until(lambda: len(recorded(tmp_path)) == 4, "the children start")
        # when: the service manager (or Ctrl-C) signals the run itself
        run.send_signal(stop_signal)
        run.wait(timeout=DEADLINE)
        # then: no child, grandchild or TERM-ignoring child remains
        wait_until(lambda: all(gone(pid) for pid in recorded(tmp_path)), "all stop")
        assert run.returncode == 128 + stop_signal
    finally:
        for pid in recorded(tmp_path):
            if not gone(pid):
                os.kill(pid, signal.SIGKILL)
        if run.poll() is None:
            run.kill()


def test_a_signal_during_the_seed_stops_it_and_starts_nothing(tmp_path):
    # given: a long first step (migrate, seed) is running
    body = """
        supervise_step bash -c 'echo $$ >> {pids}; exec sleep 600'
        supervise_start bash -c 'echo started >> {dir}/late; exec sleep 600'
        supervise_wait
    """
    run = start(script(tmp_path, body), tmp_path)
    try:
        wait_until(lambda: len(recorded(tmp_path)) == 1, "the step starts")
        # when
        run.send_signal(signal.SIGTERM)
        run.wait(timeout=DEADLINE)
        # then: the step is stopped at once and the servers never start
        wait_until(lambda: gone(recorded(tmp_path)[0]), "the step stops")
        assert not (tmp_path / "late").exists()
        assert run.returncode == 143
    finally:
        for pid in recorded(tmp_path):
            if not gone(pid):
                os.kill(pid, signal.SIGKILL)
        if run.poll() is None:
            run.kill()


def test_a_child_that_ends_stops_the_others(tmp_path):
    body = """
        supervise_start bash -c 'echo $$ >> {pids}; exec sleep 600'
        supervise_start bash -c 'sleep 0.5; exit 3'
        supervise_wait
    """
    run = start(script(tmp_path, body), tmp_path)
    try:
        assert run.wait(timeout=DEADLINE) == 3
        wait_until(lambda: all(gone(pid) for pid in recorded(tmp_path)), "all stop")
    finally:
        if run.poll() is None:
            run.kill()


def test_run_local_uses_the_supervisor_for_every_process():
    text = (ROOT / "scripts" / "run_local.sh").read_text()
    assert "source scripts/supervise.sh" in text
    commands = [
        line
        for line in text.splitlines()
        if "manage.py" in line or line.startswith(".venv/bin/celery")
    ]
    assert commands and all(line.startswith("supervise_") for line in commands)
