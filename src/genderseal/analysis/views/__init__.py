"""Gender analysis pages: the year's list, the guide, a worksheet (detail, each step, moves) and the
screening form. A view reads the request, calls one service, renders."""
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from genderseal.core import errors, typed
from genderseal.core.audit import history_for
from genderseal.core.scoping import get_scoped
from genderseal.core.views import member_view
from genderseal.planning.models import GenderMarker, Project
from genderseal.thai.periods import parse_be_year

from .. import forms, queries, rules, services
from ..models import Screening, Worksheet


def _fy(request):
    return parse_be_year(request.GET.get("fy") or request.POST.get("fy")) or queries.current_fy()


def _project(membership, code):
    return get_scoped(Project.objects.select_related("owner_unit", "strategic_area"), membership, code=code)


def _detail_url(membership, project):
    return reverse("analysis-detail", args=[membership.institution.slug, project.code])


@member_view("analysis.view")
def worksheet_list(request, membership):
    fy = _fy(request)
    return render(request, "analysis/worksheet_list.html", {
        "fy": fy, "fy_choices": [fy - 2, fy - 1, fy, fy + 1],
        "projects": queries.year_overview(membership, fy), "markers": queries.marker_counts(membership, fy),
        "counts": queries.year_counts(membership, fy),
    })


@member_view("analysis.view")
def guide(request, membership):
    demo = (Worksheet.objects.for_member(membership).filter(project__code="GAP68-01")
            .values_list("project__code", flat=True).first())
    return render(request, "analysis/guide.html", {"steps": rules.STEPS,
                                                   "example_code": demo})


def _marker_rules():
    return [{"marker": marker, "text": text} for marker, _conditions, text in rules.MARKER_RULES]


def _render_detail(request, membership, project, status=200, error=None):
    worksheet = queries.worksheet_for(membership, project)
    indicators = list(worksheet.indicators.all()) if worksheet else []
    suggested = rule_index = None
    if worksheet:
        suggested, rule_index = services.suggestion(worksheet, indicators)
    screening = Screening.objects.for_member(membership).filter(project=project).order_by("-fiscal_year").first()
    marker_rules = _marker_rules()
    if rule_index is not None:
        marker_rules[rule_index]["applies"] = True
    return render(request, "analysis/worksheet_detail.html", {
        "project": project, "worksheet": worksheet, "indicators": indicators,
        "steps": [{"number": n, "title": s["title"], "fields": [
            (Worksheet._meta.get_field(f).verbose_name, getattr(worksheet, f) if worksheet else "")
            for f in s["fields"]]} for n, s in rules.STEPS.items()],
        "missing": rules.missing_steps(worksheet.answers(), worksheet.baseline) if worksheet else [1, 2, 3, 4],
        "suggested": suggested, "marker_rules": marker_rules, "markers": GenderMarker.choices,
        "screening": screening, "can_edit": services.can_edit_project(membership, project),
        "history": history_for(membership, ref=f"analysis.worksheet:{worksheet.pk}") if worksheet else None,
        "error": error, "fy": _fy(request),
    }, status=status)


@member_view("analysis.view")
def worksheet_detail(request, membership, code):
    return _render_detail(request, membership, _project(membership, code))


@member_view("analysis.edit")
@require_http_methods(["GET", "POST"])
def step_edit(request, membership, code, step):
    project = _project(membership, code)
    if step not in rules.STEPS or not services.can_edit_project(membership, project):
        raise Http404
    worksheet = Worksheet.objects.filter(project=project).first() or Worksheet(
        project=project, institution=membership.institution, fiscal_year=_fy(request))
    form = forms.step_form(step)(request.POST or None, instance=worksheet, step=step, project=project)
    initial = worksheet.baseline or []
    formset = (forms.FigureFormSet(request.POST or None, initial=initial, prefix="fig") if step == 1 else None)
    status, error = 200, None
    if request.method == "POST":
        if form.is_valid() and (formset is None or formset.is_valid()):
            values = {name: form.cleaned_data[name] for name in rules.STEPS[step]["fields"]}
            if step == 2:
                values["goal_focus"] = form.cleaned_data["goal_focus"]
            if formset is not None:
                values["baseline"] = forms.figures_from(formset)
            try:
                current = services.start_worksheet(membership, project, _fy(request), actor=request.user)
                services.save_step(membership, current, step, values, request.POST.get("version"), actor=request.user,
                                   indicators=list(form.cleaned_data["linked_indicators"]) if step == 2 else None)
                messages.success(request, _("Saved."))
                if "next" in request.POST and step < 4:
                    return redirect("analysis-step", membership.institution.slug, project.code, step + 1)
                return redirect(_detail_url(membership, project))
            except errors.DomainError as exc:
                status, error = exc.status, str(exc)
        else:
            status = 400
    return render(request, "analysis/step_form.html", {
        "project": project, "worksheet": worksheet, "form": form, "formset": formset,
        "step": step, "step_title": rules.STEPS[step]["title"], "steps": rules.STEPS, "error": error,
        "fy": _fy(request),
    }, status=status)


@member_view("analysis.edit")
@require_POST
def worksheet_transition(request, membership, code, name):
    project = _project(membership, code)
    worksheet = Worksheet.objects.for_member(membership).filter(project=project).select_related("project").first()
    if worksheet is None or name not in services.WORKSHEET.flow.steps:
        raise Http404
    try:
        services.move_worksheet(membership, worksheet, name, request.POST.get("version"), actor=request.user,
                                comment=request.POST.get("comment", ""), marker=request.POST.get("marker", ""),
                                reason=request.POST.get("reason", ""))
    except errors.DomainError as exc:
        typed.keep(request)  # the reason typed comes back in the form
        return _render_detail(request, membership, project, exc.status, str(exc))
    messages.success(request, _("Done."))
    return redirect(_detail_url(membership, project))


@member_view("screening.edit")
@require_http_methods(["GET", "POST"])
def screening_edit(request, membership, code):
    project = _project(membership, code)
    fy = _fy(request)
    screening = Screening.objects.for_member(membership).filter(project=project, fiscal_year=fy).first()
    form = forms.ScreeningForm(request.POST or None, instance=screening or Screening(project=project, fiscal_year=fy))
    status, error = 200, None
    if request.method == "POST":
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in forms.ScreeningForm.Meta.fields}
            try:
                services.save_screening(membership, project, fy, values, request.POST.get("version"),
                                        actor=request.user)
                messages.success(request, _("Saved."))
                return redirect(f"{_detail_url(membership, project)}#screening")
            except errors.DomainError as exc:
                status, error = exc.status, str(exc)
        else:
            status = 400
    return render(request, "analysis/screening_form.html", {
        "project": project, "screening": screening, "form": form, "fy": fy,
        "error": error, "sdg_targets": list(project.sdg_targets.all()),
    }, status=status)


@member_view("screening.edit")
@require_POST
def screening_transition(request, membership, code, name):
    project = _project(membership, code)
    screening = (Screening.objects.for_member(membership).filter(project=project, fiscal_year=_fy(request))
                 .first())
    if screening is None or name not in services.SCREENING.flow.steps:
        raise Http404
    try:
        services.move_screening(membership, screening, name, request.POST.get("version"), actor=request.user,
                                comment=request.POST.get("comment", ""))
    except errors.DomainError as exc:
        typed.keep(request)  # the reason typed comes back in the form
        return _render_detail(request, membership, project, exc.status, str(exc))
    messages.success(request, _("Done."))
    return redirect(f"{_detail_url(membership, project)}#screening")
