from django.urls import path

from . import views

# Included under /i/<slug>/ by genderseal/urls.py.
urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/read-all/", views.mark_all_read, name="inbox-read-all"),
    path("inbox/preference/", views.preference, name="inbox-preference"),
    path("inbox/open/", views.open_notification, name="inbox-open"),
]
