from django.urls import path

from . import export_views, views

urlpatterns = [
    path("", views.worksheet_list, name="analysis-list"),
    path("guide/", views.guide, name="analysis-guide"),
    path("projects/<str:code>/", views.worksheet_detail, name="analysis-detail"),
    path("projects/<str:code>/step/<int:step>/", views.step_edit, name="analysis-step"),
    path("projects/<str:code>/move/<slug:name>/", views.worksheet_transition, name="analysis-transition"),
    path("projects/<str:code>/screening/", views.screening_edit, name="analysis-screening"),
    path("projects/<str:code>/screening/<slug:name>/", views.screening_transition,
         name="analysis-screening-transition"),
    path("projects/<str:code>/worksheet.pdf", export_views.worksheet_pdf, name="analysis-worksheet-pdf"),
    path("projects/<str:code>/worksheet.docx", export_views.worksheet_docx, name="analysis-worksheet-docx"),
    path("projects/<str:code>/screening.pdf", export_views.screening_pdf, name="analysis-screening-pdf"),
    path("projects/<str:code>/screening.docx", export_views.screening_docx, name="analysis-screening-docx"),
    path("projects/<str:code>/record-evidence/<slug:kind>/", export_views.record_evidence,
         name="analysis-record-evidence"),
]
