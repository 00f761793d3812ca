from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("monitoring/", views.monitoring_home, name="monitoring-home"),
]
