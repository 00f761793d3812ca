"""URLs of the imports and exports pages."""

from django.urls import path

from ..views import imports

urlpatterns: list = [
    path("imports/", imports.import_list, name="import-list"),
    path("imports/<int:pk>/", imports.import_detail, name="import-detail"),
    path("exports/<str:kind>.xlsx", imports.export, name="export"),
]
