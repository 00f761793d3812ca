"""Diary views recorded for "who has looked" (D3)."""

__all__: list[str] = []
