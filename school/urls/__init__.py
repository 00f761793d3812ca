"""The school app's URLs, one module per area of this package."""

from . import credentials, home, imports, plans, structure, timetable, two_factor

app_name = "school"

urlpatterns = [
    *home.urlpatterns,
    *structure.urlpatterns,
    *timetable.urlpatterns,
    *credentials.urlpatterns,
    *imports.urlpatterns,
    *plans.urlpatterns,
    *two_factor.urlpatterns,
]
