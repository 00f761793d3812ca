"""Access applications, consents and delivery choices (A5, D4)."""

__all__: list[str] = []
