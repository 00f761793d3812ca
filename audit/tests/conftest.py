"""Fixtures shared with the journal tests: a school with a timetabled lesson."""

from journal.tests.conftest import s, setup  # noqa: F401
