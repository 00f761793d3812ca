"""URLs of the compromise reports (A6)."""

from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("compromise/mine/", views.compromise_self, name="compromise-self"),
    path("compromise/", views.compromise_list, name="compromise-list"),
    path("compromise/new/", views.compromise_create, name="compromise-create"),
    path("compromise/<int:pk>/", views.compromise_detail, name="compromise-detail"),
    path(
        "compromise/<int:pk>/review/",
        views.compromise_review,
        name="compromise-review",
    ),
    path(
        "compromise/<int:pk>/password/",
        views.compromise_password,
        name="compromise-password",
    ),
]
