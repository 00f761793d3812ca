from django.urls import path

from . import views

app_name = "archive"

urlpatterns = [
    path("backups/", views.backup_page, name="backup-page"),
    path("exports/", views.export_create, name="export-create"),
    path("exports/<int:pk>/", views.export_detail, name="export-detail"),
    path("exports/<int:pk>/download/", views.export_download, name="export-download"),
]
