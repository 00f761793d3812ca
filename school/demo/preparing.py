"""The marker that tells every page the demo term is still being written."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from django.conf import settings


def marker_path() -> Path:
    default = Path(settings.VAR_DIR) / "demo-preparing"
    return Path(getattr(settings, "DEMO_PREPARING_FILE", default))


def is_preparing() -> bool:
    """True while a seed_demo run that writes the term is under way."""
    path = marker_path()
    if not path.exists():
        return False
    try:
        pid = int(path.read_text().strip() or 0)
    except (OSError, ValueError):
        return False
    # A run that was killed leaves the file behind: trust it only while its
    # process lives.
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def marker(*, enabled: bool):
    path = marker_path()
    if not enabled:
        yield
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(str(os.getpid()))
        written = True
    except OSError:
        written = False
    try:
        yield
    finally:
        if written:
            with contextlib.suppress(OSError):
                path.unlink()
