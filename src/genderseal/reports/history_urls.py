"""Included under /i/<slug>/reports/."""
from django.urls import path

from .views import history as views

urlpatterns = [
    path("", views.report_list, name="report-list"),
    path("request/", views.report_request, name="report-request"),
    path("<int:pk>/", views.report_detail, name="report-detail"),
    path("<int:pk>/download/", views.report_download, name="report-download"),
]
