"""Where the apps above `school` plug their part of the demo term in.

The dependency runs school ← journal ← diary, so `school` cannot import the journal
or the diary. Each of those apps registers its filler from its AppConfig.ready() by
dotted path; `seed_demo` calls them in order after a school's structure is written.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.module_loading import import_string


@dataclass
class TermContext:
    """What a filler needs to fill one school's year up to yesterday."""

    school: object
    year: object
    admin: object
    seed: int
    today: datetime.date
    # The named demo logins ("teacher", "zavuch", …) in the first school, else empty.
    named: dict = field(default_factory=dict)


_FILLERS: dict[str, tuple[int, str]] = {}


def register(name: str, *, order: int, path: str) -> None:
    """Register `path` ("pkg.module.function") as a filler; registering twice is a
    no-op, so a reloaded app registry does not run a filler twice."""
    _FILLERS[name] = (order, path)


def fillers() -> list[tuple[str, Callable[[TermContext], dict[str, int]]]]:
    return [
        (name, import_string(path))
        for name, (_order, path) in sorted(_FILLERS.items(), key=lambda i: i[1])
    ]
