"""The benchmark narrative of a round: the institution's account, each unit's contribution and the
working group's comments, written by the units concerned (assessments/narratives.py)."""
from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from genderseal.core.errors import DomainError
from genderseal.core.scoping import get_scoped
from genderseal.core.views import member_view

from .. import narratives
from ..models import BenchmarkResult, ResultContribution


@require_http_methods(["GET", "POST"])
@member_view("narrative.view")
def narrative(request, membership, number, code):
    result = get_scoped(
        BenchmarkResult.objects.select_related("round", "benchmark", "lead_unit").prefetch_related(
            "responsible_units", Prefetch("contributions", ResultContribution.objects.select_related("unit"))),
        membership, round__number=number, benchmark__code=code)
    writable = narratives.writable_units(membership, result)
    may_comment = narratives.may_comment(membership, result)
    stored = {c.unit_id: c for c in result.contributions.all()}
    typed, error, status = {}, None, 200
    if request.method == "POST":
        typed = {u.pk: request.POST.get(f"unit-{u.pk}", "") for u in writable}
        comment = request.POST.get("working_group_comment") if may_comment else None
        try:
            narratives.save_narrative(membership, result, typed, comment, actor=request.user)
        except DomainError as refused:
            error, status = refused.message, refused.status
        else:
            messages.success(request, _("Saved."))
            return redirect("result-narrative", slug=membership.institution.slug, number=number, code=code)
    units = narratives.result_units(result)
    # Refused (the round was locked meanwhile): what was typed stays on the page, read-only, to copy.
    unsaved = {u.pk: request.POST.get(f"unit-{u.pk}", "") for u in units} if error else {}
    rows = [{"unit": u, "contribution": stored.get(u.pk), "writable": u in writable,
             "typed": typed.get(u.pk, stored[u.pk].text if u.pk in stored else ""),
             "unsaved": unsaved.get(u.pk, "").strip() if u not in writable else ""}
            for u in units]
    return render(request, "assessments/narrative.html", {
        "result": result, "rows": rows, "may_comment": may_comment,
        "comment": request.POST.get("working_group_comment", result.working_group_comment) if may_comment
        else result.working_group_comment, "error": error, "can_write": bool(writable) or may_comment,
    }, status=status)
