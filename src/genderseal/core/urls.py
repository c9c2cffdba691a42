"""The home page, the language switch and the institution's audit page."""
from django.urls import path

from . import views
from .views import audit

public = [
    path("", views.home, name="home"),
    path("language/", views.set_language, name="set-language"),
]

institution = [
    path("audit/", audit.audit_log, name="audit-log"),
]
