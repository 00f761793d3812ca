"""`make run` tells the slips and links the address it serves (SERVICE_URL)."""

import os
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "run_local.sh"


def _service_url(**env) -> str:
    # The script's own settings lines, evaluated without starting anything.
    lines = [
        line
        for line in SCRIPT.read_text().splitlines()
        if line.startswith(("PORT=", "export SERVICE_URL="))
    ]
    script = "\n".join([*lines, 'printf %s "$SERVICE_URL"'])
    clean = {k: v for k, v in os.environ.items() if k not in ("PORT", "SERVICE_URL")}
    result = subprocess.run(
        ["bash", "-c", script], env={**clean, **env}, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_make_run_sets_service_url_to_the_address_it_serves():
    assert _service_url() == "http://127.0.0.1:8000"
    assert _service_url(PORT="8123") == "http://127.0.0.1:8123"


def test_a_given_service_url_is_kept():
    assert _service_url(SERVICE_URL="https://ej.example.ru") == "https://ej.example.ru"
