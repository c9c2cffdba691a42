"""Included under /i/<slug>/readiness/."""
from django.urls import path

from . import views
from .views import certificate

urlpatterns = [
    path("milestones/", views.milestone_list, name="milestone-list"),
    path("milestones/new/", views.milestone_edit, name="milestone-create"),
    path("milestones/<int:pk>/", views.milestone_edit, name="milestone-edit"),
    path("questions/", views.question_list, name="question-list"),
    path("questions/new/", views.question_edit, name="question-create"),
    path("questions/practice/", views.question_practice, name="question-practice"),
    path("questions/<int:pk>/", views.question_edit, name="question-edit"),
    path("questions/<int:pk>/answer/", views.question_answer, name="question-answer"),
    path("interviews/", views.session_list, name="session-list"),
    path("interviews/mine/", views.my_schedule, name="my-schedule"),
    path("interviews/mine/briefing.<str:fmt>", views.my_briefing, name="my-briefing"),
    path("interviews/executive/briefing.<str:fmt>", views.executive_briefing, name="executive-briefing"),
    path("interviews/people/<int:pk>/briefing.<str:fmt>", views.interviewee_briefing, name="interviewee-briefing"),
    path("interviews/new/", views.session_edit, name="session-create"),
    path("interviews/<int:number>/", views.session_edit, name="session-edit"),
    path("certificate/", certificate.certificate_list, name="certificate-list"),
    path("certificate/new/", certificate.certificate_edit, name="certificate-create"),
    path("certificate/<int:pk>/", certificate.certificate_edit, name="certificate-edit"),
    path("certificate/<int:pk>/scan/", certificate.certificate_scan, name="certificate-scan"),
]
