from django.urls import path

from . import views
from .views import export

urlpatterns = [
    path("", views.worksheet_list, name="analysis-list"),
    path("guide/", views.guide, name="analysis-guide"),
    path("projects/<str:code>/", views.worksheet_detail, name="analysis-detail"),
    path("projects/<str:code>/step/<int:step>/", views.step_edit, name="analysis-step"),
    path("projects/<str:code>/move/<slug:name>/", views.worksheet_transition, name="analysis-transition"),
    path("projects/<str:code>/screening/", views.screening_edit, name="analysis-screening"),
    path("projects/<str:code>/screening/<slug:name>/", views.screening_transition,
         name="analysis-screening-transition"),
    path("projects/<str:code>/worksheet.pdf", export.worksheet_pdf, name="analysis-worksheet-pdf"),
    path("projects/<str:code>/worksheet.docx", export.worksheet_docx, name="analysis-worksheet-docx"),
    path("projects/<str:code>/screening.pdf", export.screening_pdf, name="analysis-screening-pdf"),
    path("projects/<str:code>/screening.docx", export.screening_docx, name="analysis-screening-docx"),
    path("projects/<str:code>/record-evidence/<slug:kind>/", export.record_evidence,
         name="analysis-record-evidence"),
]
