"""Pages for the unit tree, a unit's ownership, the import, and lead/supporting units per result."""
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from genderseal.assessments.models import BenchmarkResult
from genderseal.core.audit import history_for
from genderseal.core.imports import ImportProblems
from genderseal.core.models import OrgUnit
from genderseal.core.scoping import get_scoped
from genderseal.core.views import member_view

from .. import services
from ..forms import ImportForm, UnitForm, active_units
from ..models import UnitImport

MAX_IMPORT_BYTES = 5 * 1024 * 1024


def _units(membership):
    return OrgUnit.objects.for_member(membership)


@member_view("unit.view")
def unit_list(request, membership):
    show_retired = request.GET.get("retired") == "1"
    units = _units(membership)
    if not show_retired:
        units = units.filter(retired_at=None)
    return render(request, "organisation/unit_list.html", {
        "tree": services.unit_tree(units), "show_retired": show_retired,
        "can_manage": membership.can("unit.manage"),
    })


@member_view("unit.view")
def unit_detail(request, membership, code):
    unit = get_scoped(_units(membership).select_related("parent"), membership, code=code)
    rounds = list(services.rounds_for(membership))
    round = services.ownership_round(rounds)
    if request.GET.get("round"):
        round = next((r for r in rounds if str(r.number) == request.GET["round"]), round)
    owned = services.unit_ownership(membership, unit, round)
    today = timezone.localdate()
    items = services.due_items(membership, unit) if membership.can("action_item.view") else []
    for item in items:
        item.overdue = item.is_overdue(today)
    return render(request, "organisation/unit_detail.html", {
        "unit": unit, "rounds": rounds, "round": round,
        "led": [o for o in owned if o.lead], "supported": [o for o in owned if not o.lead],
        "items": items, "children": _units(membership).filter(parent=unit),
        "can_manage": membership.can("unit.manage"),
        "history": history_for(membership, ref=services.unit_ref(unit)) if membership.can("unit.manage") else None,
    })


@require_http_methods(["GET", "POST"])
@member_view("unit.manage")
def unit_edit(request, membership, code=None):
    unit = get_scoped(_units(membership), membership, code=code) if code else OrgUnit()
    initial = {} if code is None else {"parent": unit.parent_id, "abbreviation": unit.abbreviation,
                                       "name_th": unit.name_th, "name_en": unit.name_en}
    form = UnitForm(request.POST or None, initial=initial, membership=membership, unit=unit if code else None)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.save_unit(membership, unit, form.cleaned_data)
        except services.OrganisationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Unit %(code)s saved.") % {"code": unit.code})
            return redirect("unit-detail", slug=membership.institution.slug, code=unit.code)
    return render(request, "organisation/unit_form.html", {"form": form,
                                                           "unit": unit if code else None},
                  status=400 if request.method == "POST" else 200)


@require_POST
@member_view("unit.manage")
def unit_retire(request, membership, code):
    unit = get_scoped(_units(membership), membership, code=code)
    outcome = services.retire_or_delete_unit(membership, unit)
    if outcome == "deleted":
        messages.success(request, _("Unit %(code)s deleted: nothing referred to it.") % {"code": code})
        return redirect("unit-list", slug=membership.institution.slug)
    messages.success(request, _("Unit %(code)s retired: it holds records, so it is kept but no longer offered "
                                "in choices.") % {"code": code})
    return redirect("unit-detail", slug=membership.institution.slug, code=code)


@require_POST
@member_view("unit.manage")
def unit_restore(request, membership, code):
    unit = get_scoped(_units(membership), membership, code=code)
    services.restore_unit(membership, unit)
    messages.success(request, _("Unit %(code)s is active again.") % {"code": code})
    return redirect("unit-detail", slug=membership.institution.slug, code=code)


@require_http_methods(["GET", "POST"])
@member_view("unit.manage")
def unit_import_page(request, membership):
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = None
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            form.add_error("file", _("The file is too large (at most 5 MB)."))
            status = 400
        else:
            try:
                report = services.import_units(membership.institution, upload.read(), upload.name,
                                               actor=membership.user)
            except ImportProblems as error:
                problems = error.problems
                status = 400
            else:
                messages.success(request, _("Units imported: %(created)d new, %(updated)d changed, "
                                            "%(unchanged)d unchanged.") % {
                    "created": report.created, "updated": report.updated, "unchanged": report.unchanged})
                return redirect("unit-list", slug=membership.institution.slug)
    elif request.method == "POST":
        status = 400
    imports = UnitImport.objects.for_member(membership).select_related("by")[:10]
    return render(request, "organisation/unit_import.html", {
        "form": form, "problems": problems, "imports": imports,
    }, status=status)


@require_http_methods(["GET", "POST"])
@member_view("unit.manage")
def unit_owners(request, membership, number):
    """Lead and supporting units of every benchmark result of a round, on one page."""
    rounds = services.rounds_for(membership)
    round = get_scoped(rounds, membership, number=number)
    results = list(
        BenchmarkResult.objects.for_member(membership).filter(round=round, benchmark__retired=False)
        .select_related("benchmark", "round", "lead_unit").prefetch_related("responsible_units")
        .order_by("benchmark__order")
    )
    units = list(active_units(membership))
    error, rows = None, []
    if request.method == "POST":
        if round.is_read_only:
            raise Http404
        by_pk = {str(u.pk): u for u in units}
        rows = []
        for result in results:
            prefix = f"r{result.pk}"
            if f"{prefix}-version" not in request.POST:
                continue
            lead = by_pk.get(request.POST.get(f"{prefix}-lead", ""))
            supporting = [by_pk[v] for v in request.POST.getlist(f"{prefix}-support") if v in by_pk]
            try:
                version = int(request.POST[f"{prefix}-version"])
            except ValueError:
                continue
            rows.append((result, lead, supporting, version))
        try:
            changed = services.assign_owners(membership, round, rows)
        except services.OrganisationError as error_:
            error = str(error_)
        else:
            messages.success(request, _("Owners saved for %(count)d benchmarks.") % {"count": changed})
            return redirect("unit-owners", slug=membership.institution.slug, number=number)
    typed = {result.pk: (lead, supporting, version) for result, lead, supporting, version in rows} if error else {}
    for result in results:  # a refused save shows the owners chosen, not the stored ones
        result.chosen_lead = result.lead_unit_id
        result.supporting = {u.pk for u in result.responsible_units.all()} - {result.lead_unit_id}
        result.shown_version = result.version
        if result.pk in typed:
            lead, supporting, result.shown_version = typed[result.pk]
            result.chosen_lead = lead.pk if lead else None
            result.supporting = {u.pk for u in supporting}
    return render(request, "organisation/unit_owners.html", {
        "round": round, "results": results, "units": units, "error": error,
    }, status=409 if error else 200)
