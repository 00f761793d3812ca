"""Conversations, announcements and polls (D5, C13)."""

__all__: list[str] = []
