"""Small structure writes the pages need beyond structure.py and people.py."""

from __future__ import annotations

from .people import pupil_person_update

__all__ = ["pupil_person_update"]
