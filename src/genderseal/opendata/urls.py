"""Public routes (included at /open/) and the institution's settings (included at /i/<slug>/open-data/)."""
from django.urls import path

from . import views

public = [
    path("", views.index, name="opendata-index"),
    path("catalog.json", views.catalog, name="opendata-catalog"),
    path("<slug:slug>/", views.dataset_page, name="opendata-page"),
    path("<slug:slug>/data.csv", views.dataset_csv, name="opendata-csv"),
    path("<slug:slug>/data.json", views.dataset_json, name="opendata-json"),
    path("<slug:slug>/dcat.json", views.dataset_dcat, name="opendata-dcat"),
    path("<slug:slug>/ckan.json", views.dataset_ckan, name="opendata-ckan"),
]

institution = [
    path("", views.settings_page, name="opendata-settings"),
    path("publish/", views.publish, name="opendata-publish"),
    path("unpublish/", views.unpublish, name="opendata-unpublish"),
]
