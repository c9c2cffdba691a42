"""Included under /i/<slug>/survey/; the respondent's pages are in `public_urls` (/s/...)."""
from django.urls import path

from . import public, views

urlpatterns = [
    path("", views.survey_list, name="survey-list"),
    path("new/", views.survey_create, name="survey-create"),
    path("<int:pk>/", views.survey_detail, name="survey-detail"),
    path("<int:pk>/edit/", views.survey_edit, name="survey-edit"),
    path("<int:pk>/links/", views.survey_links, name="survey-links"),
    path("<int:pk>/results/", views.survey_result_page, name="survey-results"),
    path("<int:pk>/results.xlsx", views.survey_result_xlsx, name="survey-results-xlsx"),
    path("<int:pk>/evidence/", views.survey_evidence, name="survey-evidence"),
    path("<int:pk>/<slug:name>/", views.survey_move, name="survey-move"),
]

public_urls = [
    path("thanks/", public.thanks, name="survey-thanks"),
    path("<str:token>/", public.respond, name="survey-respond"),
]
