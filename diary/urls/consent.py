"""Access applications, consents (A5) and the printed weekly extract (D4)."""

from django.urls import path

from diary.views import consent as views

urlpatterns = [
    path("consents/", views.consent_classes, name="consent-classes"),
    path("consents/mine/", views.consent_mine, name="consent-mine"),
    path("consents/class/<int:class_id>/", views.consent_class, name="consent-class"),
    path(
        "consents/<int:student_id>/<int:guardian_id>/application/",
        views.application_create,
        name="consent-application-create",
    ),
    path(
        "consents/<int:student_id>/<int:guardian_id>/sheet/",
        views.consent_create,
        name="consent-create",
    ),
    path("consents/<int:pk>/", views.consent_detail, name="consent-detail"),
    path("consents/<int:pk>/revoke/", views.consent_revoke, name="consent-revoke"),
    path(
        "applications/<int:pk>/",
        views.application_detail,
        name="consent-application-detail",
    ),
    path("extracts/<int:class_id>/", views.extract_class, name="extract-class"),
]
