"""URLs of the journal grid and its cell endpoints."""

urlpatterns: list = []
