"""The dashboard, rounds, results and their review (under /i/<slug>/)."""
from django.urls import include, path

from . import narrative_views
from . import views as rounds
from . import workflow_views as review_views

urlpatterns = [
    path("", rounds.dashboard, name="dashboard"),
    path("rounds/", rounds.round_list, name="round-list"),
    path("rounds/new/", rounds.round_create, name="round-create"),
    path("rounds/<int:number>/", rounds.round_detail, name="round-detail"),
    path("rounds/<int:number>/advance/", rounds.round_advance, name="round-advance"),
    path("rounds/<int:number>/compare/<int:other>/", rounds.round_compare, name="round-compare"),
    path("rounds/<int:number>/results/<str:code>/", rounds.result_edit, name="result-edit"),
    path("rounds/<int:number>/results/<str:code>/narrative/", narrative_views.narrative, name="result-narrative"),
    path("rounds/<int:number>/results/<str:code>/<slug:name>/", review_views.result_transition,
         name="result-transition"),
    path("rounds/<int:number>/signoff/", review_views.round_signoff, name="round-signoff"),
    path("rounds/<int:number>/unlock/", review_views.round_unlock, name="round-unlock"),
    path("rounds/<int:number>/", include("genderseal.reports.urls")),
]
