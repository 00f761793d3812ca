"""URLs of the journal grid and its cell endpoints."""

from django.urls import path

from . import views_grid

urlpatterns: list = [
    path(
        "groups/<int:group_id>/subjects/<int:subject_id>/",
        views_grid.grid,
        name="grid",
    ),
    path("cell/", views_grid.grid_cell, name="grid-cell"),
    path("cell/history/", views_grid.grid_cell_history, name="cell-history"),
]
