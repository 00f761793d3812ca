"""The third kind of failure: a product rule refused the action."""

from __future__ import annotations

from typing import Any


class ApplicationError(Exception):
    """A rule of the product refused the action (closed period, expired window)."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message
