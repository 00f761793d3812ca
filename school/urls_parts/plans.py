"""URLs of the plans pages."""

urlpatterns: list = []
