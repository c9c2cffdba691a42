"""Included under /i/<slug>/assess/."""
from django.urls import path

from . import views
from .views import assign

urlpatterns = [
    path("", views.overview, name="assess-overview"),
    path("assign/", assign.assign, name="assess-assign"),
    path("assign/account/", assign.account, name="assess-account"),
    path("rounds/<int:number>/", views.workspace, name="assess-workspace"),
    path("rounds/<int:number>/rate/<str:code>/", views.rate, name="assess-rate"),
    path("rounds/<int:number>/ask/<str:code>/", views.ask, name="assess-ask"),
    path("rounds/<int:number>/publish/", views.publish, name="assess-publish"),
    path("rounds/<int:number>/results/", views.results, name="assess-results"),
    path("rounds/<int:number>/clarifications/", views.clarifications, name="assess-clarifications"),
    path("rounds/<int:number>/clarifications/<int:thread>/", views.thread, name="assess-thread"),
]
