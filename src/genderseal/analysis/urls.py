from django.urls import path

from . import views

urlpatterns = [
    path("", views.worksheet_list, name="analysis-list"),
    path("guide/", views.guide, name="analysis-guide"),
    path("projects/<str:code>/", views.worksheet_detail, name="analysis-detail"),
    path("projects/<str:code>/step/<int:step>/", views.step_edit, name="analysis-step"),
    path("projects/<str:code>/move/<slug:name>/", views.worksheet_transition, name="analysis-transition"),
    path("projects/<str:code>/screening/", views.screening_edit, name="analysis-screening"),
    path("projects/<str:code>/screening/<slug:name>/", views.screening_transition,
         name="analysis-screening-transition"),
]
