from django.urls import path

from . import views
from .views import dossier

urlpatterns = [
    path("", views.evidence_list, name="evidence-list"),
    path("new/", views.evidence_create, name="evidence-create"),
    path("search/", views.evidence_search, name="evidence-search"),
    path("search/terms/", views.search_terms, name="evidence-terms"),
    path("<int:pk>/", views.evidence_detail, name="evidence-detail"),
    path("<int:pk>/edit/", views.evidence_edit, name="evidence-edit"),
    path("<int:pk>/upload/", views.evidence_upload, name="evidence-upload"),
    path("<int:pk>/links/", views.evidence_add_link, name="evidence-add-link"),
    path("<int:pk>/benchmarks/", views.evidence_link, name="evidence-link"),
    path("<int:pk>/benchmarks/<str:code>/unlink/", views.evidence_unlink, name="evidence-unlink"),
    path("<int:pk>/suggestions/<int:suggestion>/<slug:decision>/", views.evidence_suggestion,
         name="evidence-suggestion"),
    path("<int:pk>/review/<slug:name>/", views.evidence_transition, name="evidence-transition"),
    path("<int:pk>/delete/", views.evidence_delete, name="evidence-delete"),
    path("<int:pk>/restore/", views.evidence_restore, name="evidence-restore"),
    path("<int:pk>/revisions/<int:number>/download/", views.revision_download, name="evidence-download"),
    path("dossiers/", dossier.dossier_list, name="dossier-list"),
    path("dossiers/start/", dossier.dossier_start, name="dossier-start"),
    path("dossiers/issued/<int:pk>/", dossier.dossier_detail, name="dossier-detail"),
    path("dossiers/issued/<int:pk>/download/", dossier.dossier_download, name="dossier-download"),
    # Links from before dossiers were issued files (their old id): a permanent redirect to the record.
    path("dossiers/<int:pk>/", dossier.dossier_old, name="dossier-old"),
    path("dossiers/<int:pk>/download/", dossier.dossier_old_download, name="dossier-old-download"),
]
