"""Frameworks: the upload (staff, /frameworks/upload/) and the pages under /i/<slug>/frameworks/
(the benchmark page, /i/<slug>/frameworks/<code>/benchmarks/<code>/, is routed by assessments)."""
from django.urls import path

from . import views

public = [
    path("frameworks/upload/", views.framework_upload, name="framework-upload"),
]

institution = [
    path("", views.framework_list, name="framework-list"),
    path("<slug:code>/", views.framework_detail, name="framework-detail"),
]
