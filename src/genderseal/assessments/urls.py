"""The dashboard, rounds, results and their review, and the benchmark page (under /i/<slug>/)."""
from django.urls import include, path

from . import views as rounds
from .views import benchmark, narrative, workflow

urlpatterns = [
    path("", rounds.dashboard, name="dashboard"),
    path("rounds/", rounds.round_list, name="round-list"),
    path("rounds/new/", rounds.round_create, name="round-create"),
    path("rounds/<int:number>/", rounds.round_detail, name="round-detail"),
    path("rounds/<int:number>/advance/", rounds.round_advance, name="round-advance"),
    path("rounds/<int:number>/compare/<int:other>/", rounds.round_compare, name="round-compare"),
    path("rounds/<int:number>/results/<str:code>/", rounds.result_edit, name="result-edit"),
    path("rounds/<int:number>/results/<str:code>/narrative/", narrative.narrative, name="result-narrative"),
    path("rounds/<int:number>/results/<str:code>/<slug:name>/", workflow.result_transition,
         name="result-transition"),
    path("rounds/<int:number>/signoff/", workflow.round_signoff, name="round-signoff"),
    path("rounds/<int:number>/unlock/", workflow.round_unlock, name="round-unlock"),
    path("rounds/<int:number>/", include("genderseal.reports.urls")),
    path("frameworks/<slug:code>/benchmarks/<str:benchmark>/", benchmark.benchmark_detail, name="benchmark-detail"),
]
