"""URLs of the structure pages."""

urlpatterns: list = []
