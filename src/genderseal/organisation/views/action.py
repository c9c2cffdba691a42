"""Pages for action items: the filtered list, a new item (optionally from a result's comment), detail and edit."""
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from genderseal.assessments.models import BenchmarkResult
from genderseal.core import errors
from genderseal.core.audit import history_for
from genderseal.core.scoping import get_scoped
from genderseal.core.views import member_view

from .. import actions
from ..forms import ActionFilter, ActionItemForm, active_units
from ..models import ActionItem, ActionStatus
from ..services import OrganisationError

PAGE_SIZE = 50


@member_view("action_item.view")
def action_list(request, membership):
    form = ActionFilter(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    items = actions.filtered_items(membership, unit=data.get("unit"), status=data.get("status"),
                                   overdue=data.get("overdue"), today=today)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    for item in page.object_list:
        item.overdue = item.is_overdue(today)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "organisation/action_list.html", {
        "form": form, "page": page, "items": page.object_list,
        "units": active_units(membership), "statuses": ActionStatus.choices, "query": query.urlencode(),
        "can_manage": membership.can("action_item.manage"),
    })


def _result(membership, pk):
    if not pk:
        return None
    return get_scoped(BenchmarkResult.objects.select_related("benchmark", "round", "lead_unit")
                      .prefetch_related("responsible_units"), membership, pk=pk)


@require_http_methods(["GET", "POST"])
@member_view("action_item.manage")
def action_create(request, membership):
    source = request.POST if request.method == "POST" else request.GET
    try:
        result = _result(membership, int(source.get("result") or source.get("result_id") or 0))
    except ValueError:
        raise Http404 from None
    initial = {"status": ActionStatus.OPEN}
    if result is not None:
        draft = actions.draft_from_result(result)
        initial.update(title=draft["title"], description=draft["description"], result_id=result.pk,
                       owner_unit=draft["owner_unit"].pk if draft["owner_unit"] else None)
    form = ActionItemForm(request.POST or None, initial=initial, membership=membership)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = actions.create_action_item(
                membership, title=data["title"], owner_unit=data["owner_unit"], description=data["description"],
                due_on=data["due_on"], result=result, status=data["status"], progress_note=data["progress_note"],
                drop_reason=data["drop_reason"])
        except OrganisationError as error:
            form.add_error(None, str(error))
        else:
            if data.get("evidence"):
                item.evidence.set(data["evidence"])
            messages.success(request, _("Action item #%(number)d created.") % {"number": item.number})
            return redirect("action-detail", slug=membership.institution.slug, number=item.number)
    return render(request, "organisation/action_form.html", {
        "form": form, "result": result, "item": None,
    }, status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
@member_view("action_item.view")
def action_detail(request, membership, number):
    item = get_scoped(
        ActionItem.objects.select_related("owner_unit", "result__benchmark", "result__round", "created_by",
                                          "updated_by").prefetch_related("evidence"),
        membership, number=number)
    editable = actions.editable_fields(membership, item)
    form = None
    status = 200
    if editable:
        statuses = actions.allowed_statuses(membership, item)
        initial = {"version": item.version, "title": item.title, "description": item.description,
                   "owner_unit": item.owner_unit_id, "due_on": item.due_on, "status": item.status,
                   "drop_reason": item.drop_reason, "progress_note": item.progress_note,
                   "evidence": list(item.evidence.all())}
        form = ActionItemForm(request.POST if request.method == "POST" else None, initial=initial,
                              membership=membership, editable=editable, statuses=statuses)
        if request.method == "POST":
            if form.is_valid():
                try:
                    actions.update_action_item(membership, item, form.changes(item), form.cleaned_data["version"] or 0)
                except OrganisationError as error:
                    status = errors.on_form(form, error)
                else:
                    messages.success(request, _("Action item #%(number)d saved.") % {"number": item.number})
                    return redirect("action-detail", slug=membership.institution.slug, number=item.number)
            else:
                status = 400
    elif request.method == "POST":
        return render(request, "organisation/action_detail.html", {
            "item": item, "form": None,
            "refused": _("You may not change this action item."),
        }, status=403)
    return render(request, "organisation/action_detail.html", {
        "item": item, "form": form, "overdue": item.is_overdue(),
        "history": history_for(membership, ref=actions.action_ref(item)),
    }, status=status)
