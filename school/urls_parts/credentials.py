"""URLs of the credentials pages."""

urlpatterns: list = []
