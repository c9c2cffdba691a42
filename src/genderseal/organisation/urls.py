"""Included under /i/<slug>/ with the prefixes units/, committees/ and actions/."""
from django.urls import path

from . import action_views, committee_views, views

urlpatterns = [
    path("units/", views.unit_list, name="unit-list"),
    path("units/new/", views.unit_edit, name="unit-create"),
    path("units/import/", views.unit_import_page, name="unit-import"),
    path("units/owners/<int:number>/", views.unit_owners, name="unit-owners"),
    path("units/<str:code>/", views.unit_detail, name="unit-detail"),
    path("units/<str:code>/edit/", views.unit_edit, name="unit-edit"),
    path("units/<str:code>/retire/", views.unit_retire, name="unit-retire"),
    path("units/<str:code>/restore/", views.unit_restore, name="unit-restore"),
    path("committees/", committee_views.committee_list, name="committee-list"),
    path("committees/new/", committee_views.committee_edit, name="committee-create"),
    path("committees/<slug:code>/", committee_views.committee_detail, name="committee-detail"),
    path("committees/<slug:code>/edit/", committee_views.committee_edit, name="committee-edit"),
    path("committees/<slug:code>/members/", committee_views.committee_seats, name="committee-seats"),
    path("committees/<slug:code>/meetings/new/", committee_views.meeting_edit, name="meeting-create"),
    path("committees/<slug:code>/meetings/<int:number>/", committee_views.meeting_edit, name="meeting-edit"),
    path("actions/", action_views.action_list, name="action-list"),
    path("actions/new/", action_views.action_create, name="action-create"),
    path("actions/<int:number>/", action_views.action_detail, name="action-detail"),
]
