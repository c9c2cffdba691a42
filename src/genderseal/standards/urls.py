"""Frameworks: the upload (staff, /frameworks/upload/) and the pages under /i/<slug>/frameworks/."""
from django.urls import path

from . import views

public = [
    path("frameworks/upload/", views.framework_upload, name="framework-upload"),
]

institution = [
    path("", views.framework_list, name="framework-list"),
    path("<slug:code>/", views.framework_detail, name="framework-detail"),
    path("<slug:code>/benchmarks/<str:benchmark>/", views.benchmark_detail, name="benchmark-detail"),
]
