"""Included under /i/<slug>/ with the prefixes units/, committees/ and actions/."""
from django.urls import path

from . import views
from .views import action, committee

urlpatterns = [
    path("units/", views.unit_list, name="unit-list"),
    path("units/new/", views.unit_edit, name="unit-create"),
    path("units/import/", views.unit_import_page, name="unit-import"),
    path("units/owners/<int:number>/", views.unit_owners, name="unit-owners"),
    path("units/<str:code>/", views.unit_detail, name="unit-detail"),
    path("units/<str:code>/edit/", views.unit_edit, name="unit-edit"),
    path("units/<str:code>/retire/", views.unit_retire, name="unit-retire"),
    path("units/<str:code>/restore/", views.unit_restore, name="unit-restore"),
    path("committees/", committee.committee_list, name="committee-list"),
    path("committees/new/", committee.committee_edit, name="committee-create"),
    path("committees/<slug:code>/", committee.committee_detail, name="committee-detail"),
    path("committees/<slug:code>/edit/", committee.committee_edit, name="committee-edit"),
    path("committees/<slug:code>/members/", committee.committee_seats, name="committee-seats"),
    path("committees/<slug:code>/meetings/new/", committee.meeting_edit, name="meeting-create"),
    path("committees/<slug:code>/meetings/<int:number>/", committee.meeting_edit, name="meeting-edit"),
    path("actions/", action.action_list, name="action-list"),
    path("actions/new/", action.action_create, name="action-create"),
    path("actions/<int:number>/", action.action_detail, name="action-detail"),
]
