"""URLs of the timetable pages."""

urlpatterns: list = []
