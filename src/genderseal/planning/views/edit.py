"""Create/edit pages: plans, strategies, measures, projects, indicators (targets, disaggregation), the rule.

Every edit carries the record's version and is refused (409) when someone saved meanwhile.
"""
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from genderseal.core.models import Role
from genderseal.core.scoping import get_scoped
from genderseal.core.views import edit_form, member_view

from .. import forms, services
from ..models import Indicator, IndicatorTarget, Measure, Plan, PlanningRule, Strategy


def _edit(request, membership, form_class, instance, *, name, title, done, form_kwargs=None, extra=None,
          after_save=None, **set_fields):
    """GET shows the form; POST saves through services.save_record (400 bad input, 409 stale edit)."""
    form = form_class(request.POST or None, membership=membership, instance=instance, **(form_kwargs or {}))

    def save(form):
        obj = services.save_record(membership, form, request.POST.get("version"), actor=request.user, name=name,
                                   **set_fields)
        if after_save:
            after_save(obj)
        return done(obj)

    return edit_form(request, form, save, template="planning/edit_form.html", saved=_("Saved."),
                     context={"title": title, "name": name, **(extra or {})})


def _plan_url(membership, plan):
    return reverse("planning-plan", args=[membership.institution.slug, plan.code])


@require_http_methods(["GET", "POST"])
@member_view("planning.manage")
def plan_edit(request, membership, code=None):
    plan = get_scoped(Plan.objects.all(), membership, code=code) if code else Plan(institution=membership.institution)
    return _edit(request, membership, forms.PlanForm, plan, name="plan",
                 title=_("Edit plan") if code else _("New plan"),
                 done=lambda p: _plan_url(membership, p), institution=membership.institution)


@require_http_methods(["GET", "POST"])
@member_view("planning.manage")
def strategy_edit(request, membership, code, strategy=None):
    plan = get_scoped(Plan.objects.all(), membership, code=code)
    obj = get_scoped(Strategy.objects.all(), membership, plan=plan, code=strategy) if strategy else Strategy(plan=plan)
    return _edit(request, membership, forms.StrategyForm, obj, name="strategy",
                 title=_("Edit strategy") if strategy else _("New strategy"),
                 done=lambda s: _plan_url(membership, plan), plan=plan)


@require_http_methods(["GET", "POST"])
@member_view("planning.manage")
def measure_edit(request, membership, code, strategy, measure=None):
    parent = get_scoped(Strategy.objects.select_related("plan"), membership, plan__code=code, code=strategy)
    obj = (get_scoped(Measure.objects.all(), membership, strategy=parent, code=measure) if measure
           else Measure(strategy=parent))
    return _edit(request, membership, forms.MeasureForm, obj, name="measure",
                 title=_("Edit measure") if measure else _("New measure"),
                 done=lambda m: _plan_url(membership, parent.plan), strategy=parent)


@require_http_methods(["GET", "POST"])
@member_view("planning.manage")
def project_edit(request, membership, code=None):
    from ..models import Project

    project = (get_scoped(Project.objects.all(), membership, code=code) if code
               else Project(institution=membership.institution))
    return _edit(request, membership, forms.ProjectForm, project, name="project",
                 title=_("Edit project") if code else _("New project"),
                 done=lambda p: reverse("planning-project", args=[membership.institution.slug, p.code]),
                 institution=membership.institution)


def _target_rows(indicator, data=None):
    """One row per fiscal year of the indicator: the year's target and Q1-Q4 (inputs t:FY:Q)."""
    stored = {(t.fiscal_year, t.quarter): t.value for t in
              IndicatorTarget.objects.filter(indicator=indicator)} if indicator.pk else {}
    rows = []
    for fy in range(indicator.first_fy, indicator.last_fy + 1) if indicator.first_fy else []:
        cells = []
        for q in range(5):
            field = f"t:{fy}:{q}"
            value = data.get(field, "") if data is not None else stored.get((fy, q), "")
            cells.append({"name": field, "value": value, "quarter": q})
        rows.append({"fy": fy, "cells": cells})
    return rows


def _parse_targets(post, indicator):
    targets, problems = {}, {}
    for fy in range(indicator.first_fy, indicator.last_fy + 1):
        for q in range(5):
            text = post.get(f"t:{fy}:{q}", "")
            try:
                targets[(fy, q)] = services.parse_target(indicator, text)
            except ValueError as error:
                problems["targets"] = _("Target %(value)s for FY%(fy)s: %(problem)s") % {
                    "value": text, "fy": fy, "problem": error}
    if problems:
        raise services.BadInput(problems)
    return targets


@require_http_methods(["GET", "POST"])
@member_view("planning.manage")
def indicator_new(request, membership):
    return _indicator_edit(request, membership, None)


@require_http_methods(["GET", "POST"])
@member_view("indicator.edit")
def indicator_edit(request, membership, code):
    return _indicator_edit(request, membership, code)


def _indicator_edit(request, membership, code):
    """Secretariat: every field, targets and disaggregation. Focal points: titles, unit, baseline and
    targets of their own units' indicators."""
    if code:
        indicator = get_scoped(Indicator.objects.prefetch_related("categories"), membership, code=code)
        if not services.can_edit_unit(membership, indicator.owner_unit_id):
            raise Http404
    elif membership.role == Role.SECRETARIAT:
        indicator = Indicator(institution=membership.institution)
    else:
        raise Http404
    full = membership.role == Role.SECRETARIAT
    stored_shape = (indicator.frequency, indicator.first_fy, indicator.last_fy) if indicator.pk else None

    def after_save(obj):
        if stored_shape and stored_shape != (obj.frequency, obj.first_fy, obj.last_fy):
            services.check_indicator_shape(obj, obj.frequency, obj.first_fy, obj.last_fy)
        cleaned = form_state["form"].cleaned_data
        if full:
            wanted = [c.code for c in cleaned.get("categories") or []]
            current = [c.code for c in obj.categories.all()] if stored_shape else None
            if not stored_shape or bool(cleaned.get("by_sex")) != obj.by_sex or set(wanted) != set(current):
                obj.refresh_from_db()
                services.change_disaggregation(membership, obj, bool(cleaned.get("by_sex")), wanted,
                                               actor=request.user)
        services.save_targets(membership, obj, _parse_targets(request.POST, obj),
                              actor=request.user)

    form_state = {}

    class Form(forms.IndicatorForm):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            form_state["form"] = self

    data = request.POST if request.method == "POST" else None
    return _edit(request, membership, Form, indicator, name="indicator",
                 title=_("Edit indicator") if code else _("New indicator"), form_kwargs={"full": full},
                 extra={"targets": _target_rows(indicator, data), "indicator": indicator if code else None},
                 done=lambda i: reverse("planning-indicator", args=[membership.institution.slug, i.code]),
                 after_save=after_save, institution=membership.institution)


@require_http_methods(["GET", "POST"])
@member_view("planning.manage")
def rule_edit(request, membership):
    rule = PlanningRule.objects.filter(institution=membership.institution).first() or PlanningRule(
        institution=membership.institution)
    return _edit(request, membership, forms.RuleForm, rule, name="rule", title=_("Reporting rule"),
                 done=lambda r: reverse("planning-dashboard", args=[membership.institution.slug]),
                 institution=membership.institution)
