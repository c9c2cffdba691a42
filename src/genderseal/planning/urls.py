from django.urls import path

from . import edit_views, report_views, views

urlpatterns = [
    path("", views.dashboard, name="planning-dashboard"),
    path("plans/", views.plan_list, name="planning-plans"),
    path("plans/new/", edit_views.plan_edit, name="planning-plan-new"),
    path("plans/<slug:code>/", views.plan_detail, name="planning-plan"),
    path("plans/<slug:code>/edit/", edit_views.plan_edit, name="planning-plan-edit"),
    path("plans/<slug:code>/strategies/new/", edit_views.strategy_edit, name="planning-strategy-new"),
    path("plans/<slug:code>/strategies/<str:strategy>/edit/", edit_views.strategy_edit,
         name="planning-strategy-edit"),
    path("plans/<slug:code>/strategies/<str:strategy>/measures/new/", edit_views.measure_edit,
         name="planning-measure-new"),
    path("plans/<slug:code>/strategies/<str:strategy>/measures/<str:measure>/edit/", edit_views.measure_edit,
         name="planning-measure-edit"),
    path("projects/", views.project_list, name="planning-projects"),
    path("projects/new/", edit_views.project_edit, name="planning-project-new"),
    path("projects/<str:code>/", views.project_detail, name="planning-project"),
    path("projects/<str:code>/edit/", edit_views.project_edit, name="planning-project-edit"),
    path("indicators/new/", edit_views.indicator_new, name="planning-indicator-new"),
    path("indicators/<str:code>/edit/", edit_views.indicator_edit, name="planning-indicator-edit"),
    path("rule/", edit_views.rule_edit, name="planning-rule"),
    path("indicators/<str:code>/", views.indicator_detail, name="planning-indicator"),
    path("indicators/<str:code>/report/", report_views.report_form, name="planning-report"),
    path("indicators/<str:code>/<str:period>/<slug:name>/", report_views.report_transition,
         name="planning-transition"),
    path("import/", report_views.import_page, name="planning-import"),
    path("export/", report_views.export_file, name="planning-export"),
]
