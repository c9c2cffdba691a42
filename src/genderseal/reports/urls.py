"""Included under /i/<slug>/rounds/<number>/."""
from django.urls import path

from . import views
from .views import memo

urlpatterns = [
    path("report.pdf", views.readiness_pdf, name="round-report-pdf"),
    path("report.docx", views.readiness_docx, name="round-report-docx"),
    path("results.xlsx", views.results_xlsx, name="round-results-xlsx"),
    path("memo/", memo.round_memo, name="round-memo"),
]
