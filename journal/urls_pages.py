"""URLs of the lesson, corrections and period-marks pages."""

urlpatterns: list = []
