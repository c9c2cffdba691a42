"""Evidence pages: list, search, detail with revisions and review, create/edit, upload, download."""
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from genderseal.core import errors, typed
from genderseal.core.audit import history_for
from genderseal.core.models import OrgUnit
from genderseal.core.scoping import get_scoped
from genderseal.core.views import member_view
from genderseal.standards.models import Benchmark

from .. import search as search_engine
from .. import services, suggest
from ..filetypes import UploadRefused
from ..forms import BenchmarkLinkForm, EvidenceFilter, EvidenceForm, LinkRevisionForm, apply_filters
from ..models import Evidence, EvidenceRevision, SuggestionState, means_of_verification
from ..storage import get_store

PAGE = 50


def _items(membership):
    return Evidence.objects.for_member(membership).select_related("owner_unit")


def _units(membership):
    units = OrgUnit.objects.for_member(membership).filter(retired_at=None)
    if not membership.can("evidence.review"):  # focal points pick one of their own units
        units = units.filter(members=membership)
    return units


def _all_units(membership):
    return OrgUnit.objects.for_member(membership).filter(retired_at=None)


def _get(membership, pk):
    return get_scoped(_items(membership), membership, pk=pk)


def _redirect(membership, evidence):
    return redirect("evidence-detail", slug=membership.institution.slug, pk=evidence.pk)


@member_view("evidence.view")
def evidence_list(request, membership):
    filters = EvidenceFilter(request.GET)
    filters.is_valid()
    items = apply_filters(_items(membership), filters.cleaned_data, membership).prefetch_related("links__benchmark")
    page = Paginator(items.order_by("-evidence_date", "-pk"), PAGE).get_page(request.GET.get("page"))
    return render(request, "evidence/list.html", {
        "page": page, "filters": filters,
        "units": OrgUnit.objects.for_member(membership).filter(retired_at=None),
        "can_create": membership.can("evidence.edit"),
    })


@member_view("evidence.view")
def evidence_search(request, membership):
    filters = EvidenceFilter(request.GET)
    filters.is_valid()
    query, results, error = request.GET.get("q", "").strip(), None, ""
    if query:
        candidates = apply_filters(_items(membership), filters.cleaned_data, membership)
        try:
            results = search_engine.search(candidates, query, membership.institution_id,
                                           page=request.GET.get("page") or 1,
                                           terms=search_engine.institution_terms(membership.institution_id))
        except search_engine.QueryError as refused:
            error = str(refused)
    return render(request, "evidence/search.html", {
        "q": query, "results": results, "error": error, "filters": filters,
        "units": OrgUnit.objects.for_member(membership).filter(retired_at=None),
    }, status=400 if error else 200)


@member_view("evidence.view")
def evidence_detail(request, membership, pk):
    return _detail(request, membership, _get(membership, pk))


def _detail(request, membership, evidence, *, link_form=None, benchmark_form=None, refused="", status=200):
    """The evidence page; a refused side form (web link, benchmark link) comes back bound, with the reason."""
    revisions = list(EvidenceRevision.objects.filter(evidence=evidence).select_related("created_by"))
    links = list(evidence.links.select_related("benchmark__goal__dimension", "benchmark__framework"))
    for link in links:
        means = means_of_verification(link.benchmark)
        link.means_texts = [(i + 1, text, link.covers(i)) for i, text in enumerate(means)]
    can_edit = membership.can("evidence.edit") and evidence.editable_by(membership)
    suggestions = list(evidence.suggestions.filter(state=SuggestionState.OPEN).select_related("benchmark")
                       ) if can_edit else []
    return render(request, "evidence/detail.html", {
        "evidence": evidence, "revisions": revisions, "links": links, "suggestions": suggestions,
        "can_edit": can_edit, "transitions": services.available_transitions(membership, evidence),
        "can_restore": evidence.is_deleted and membership.can("evidence.restore"),
        "link_form": link_form or LinkRevisionForm(), "benchmark_form": benchmark_form or BenchmarkLinkForm(),
        "link_refused": refused if link_form is not None else "",
        "benchmark_refused": refused if benchmark_form is not None else "",
        "history": history_for(membership, ref=services.ref(evidence)),
    }, status=status)


@require_http_methods(["GET", "POST"])
@member_view("evidence.edit")
def evidence_create(request, membership):
    form = EvidenceForm(request.POST or None, units=_units(membership), all_units=_all_units(membership))
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                evidence = services.create_evidence(membership, **form.changes())
                services.set_shared_units(membership, evidence, form.cleaned_data.get("shared_units") or [])
        except services.EvidenceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Evidence recorded. Add files or links to it."))
            return _redirect(membership, evidence)
    return render(request, "evidence/form.html", {"form": form},
                  status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@member_view("evidence.edit")
def evidence_edit(request, membership, pk):
    evidence = _get(membership, pk)
    if not evidence.editable_by(membership):
        raise Http404
    form = EvidenceForm(request.POST or None, instance=evidence, units=_units(membership),
                        all_units=_all_units(membership), initial={"version": evidence.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                updated = services.update_evidence(membership, Evidence.objects.get(pk=evidence.pk), form.changes(),
                                                   form.cleaned_data.get("version") or 0)
                services.set_shared_units(membership, updated, form.cleaned_data.get("shared_units") or [])
        except services.EvidenceError as error:
            status = errors.on_form(form, error)
        else:
            messages.success(request, _("Saved."))
            return _redirect(membership, evidence)
    return render(request, "evidence/form.html", {"form": form, "evidence": evidence},
                  status=400 if form.errors and status == 200 else status)


@member_view("evidence.edit")
@require_POST
def evidence_upload(request, membership, pk):
    """One or several files; each is checked on its own. Answers JSON to the page's uploader."""
    evidence = _get(membership, pk)
    files = request.FILES.getlist("files")
    stored, refused = [], []
    if not files:
        refused.append(_("Choose at least one file."))
    for upload in files:
        try:
            revision = services.add_file(membership, evidence, upload, note=request.POST.get("note", ""))
            stored.append({"number": revision.number, "name": revision.original_name, "sha256": revision.sha256})
        except (UploadRefused, services.EvidenceError) as error:
            refused.append(str(error))
    status = 200 if stored and not refused else (207 if stored else 400)
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"stored": stored, "refused": refused}, status=status)
    for text in refused:
        messages.error(request, text)
    if stored:
        messages.success(request, _("%(count)s file(s) added.") % {"count": len(stored)})
    return _redirect(membership, evidence)


@member_view("evidence.edit")
@require_POST
def evidence_add_link(request, membership, pk):
    evidence = _get(membership, pk)
    form = LinkRevisionForm(request.POST)
    try:
        if not form.is_valid():
            raise services.EvidenceError(_("Give a web link (http or https)."))
        services.add_link(membership, evidence, form.cleaned_data["url"], form.cleaned_data["note"])
        messages.success(request, _("Link added as a new revision."))
    except services.EvidenceError as error:
        return _detail(request, membership, evidence, link_form=form, refused=str(error), status=400)
    return _redirect(membership, evidence)


@member_view("evidence.edit")
@require_POST
def evidence_link(request, membership, pk):
    evidence = _get(membership, pk)
    form = BenchmarkLinkForm(request.POST)
    try:
        if not form.is_valid():
            raise services.EvidenceError(" ".join(str(e) for errors in form.errors.values() for e in errors))
        benchmark = services.usable_benchmarks(membership).filter(code=form.cleaned_data["benchmark"]).first()
        if benchmark is None:
            raise services.EvidenceError(_("Benchmark %(code)s is not part of a standard this institution uses.")
                                         % {"code": form.cleaned_data["benchmark"]})
        services.link_benchmark(membership, evidence, benchmark, form.cleaned_data["means"],
                                form.cleaned_data["note"])
        messages.success(request, _("Linked to benchmark %(code)s.") % {"code": benchmark.code})
    except services.EvidenceError as error:
        return _detail(request, membership, evidence, benchmark_form=form, refused=str(error), status=400)
    return _redirect(membership, evidence)


@member_view("evidence.edit")
@require_POST
def evidence_unlink(request, membership, pk, code):
    evidence = _get(membership, pk)
    benchmark = evidence.links.filter(benchmark__code=code).values_list("benchmark", flat=True).first()
    if benchmark is None:
        raise Http404
    try:
        services.unlink_benchmark(membership, evidence, Benchmark.objects.get(pk=benchmark))
    except services.EvidenceError as error:
        messages.error(request, str(error))
    return _redirect(membership, evidence)


@member_view("evidence.edit")
@require_POST
def evidence_suggestion(request, membership, pk, suggestion, decision):
    """Accept (link the suggested benchmark) or reject a suggestion; either is recorded."""
    evidence = _get(membership, pk)
    found = evidence.suggestions.filter(pk=suggestion, state=SuggestionState.OPEN).select_related("benchmark").first()
    if found is None or decision not in ("accept", "reject"):
        raise Http404
    try:
        suggest.decide(membership, found, decision == "accept")
    except services.EvidenceError as error:
        messages.error(request, str(error))
    return _redirect(membership, evidence)


@member_view("evidence.edit")
@require_POST
def evidence_transition(request, membership, pk, name):
    evidence = _get(membership, pk)
    try:
        version = int(request.POST["version"]) if request.POST.get("version") else None
        services.transition(membership, evidence, name, request.POST.get("comment", ""), version=version)
        messages.success(request, _("Status is now: %(status)s") % {"status": evidence.get_status_display()})
    except services.EvidenceError as error:
        typed.keep(request)  # the reason typed comes back in the form
        messages.error(request, str(error))
    except ValueError:
        raise Http404 from None
    return _redirect(membership, evidence)


@member_view("evidence.edit")
@require_POST
def evidence_delete(request, membership, pk):
    evidence = _get(membership, pk)
    try:
        services.delete_evidence(membership, evidence)
        messages.success(request, _("Evidence deleted. The secretariat can restore it."))
    except services.EvidenceError as error:
        messages.error(request, str(error))
        return _redirect(membership, evidence)
    return redirect("evidence-list", slug=membership.institution.slug)


@member_view("evidence.restore")
@require_POST
def evidence_restore(request, membership, pk):
    evidence = _get(membership, pk)
    services.restore_evidence(membership, evidence)
    messages.success(request, _("Evidence restored."))
    return _redirect(membership, evidence)


@member_view("evidence.view")
def revision_download(request, membership, pk, number):
    revision = get_scoped(EvidenceRevision.objects.select_related("evidence"), membership,
                          evidence_id=pk, number=number)
    if not revision.is_file:
        raise Http404
    store = get_store()
    if not store.exists(revision.storage_name):
        raise Http404
    response = FileResponse(store.open(revision.storage_name), as_attachment=True,
                            filename=revision.original_name, content_type=revision.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["ETag"] = f'"{revision.sha256}"'
    return response


@require_http_methods(["GET", "POST"])
@member_view("evidence.terms")
def search_terms(request, membership):
    """The institution's own search terms: list, add (`term`), remove (`remove` = id), re-index all (`reindex`)."""
    from .. import terms as dictionary
    from ..models import SearchTerm

    status, entered = 200, ""
    if request.method == "POST":
        try:
            if "remove" in request.POST:
                if not request.POST["remove"].isdecimal():
                    raise Http404
                term = get_scoped(SearchTerm.objects.all(), membership, pk=int(request.POST["remove"]))
                dictionary.remove_term(membership, term)
                messages.success(request, _("“%(term)s” removed. Items holding it are re-indexed in the background.")
                                 % {"term": term.term})
            elif request.POST.get("reindex"):
                dictionary.reindex_all(membership)
                messages.success(request, _("Every item is being re-indexed in the background."))
            else:
                entered = request.POST.get("term", "")
                term = dictionary.add_term(membership, entered)
                messages.success(request, _("“%(term)s” added. Items holding it are re-indexed in the background.")
                                 % {"term": term.term})
        except services.EvidenceError as error:
            messages.error(request, str(error))
            status = 400
        else:
            return redirect("evidence-terms", slug=membership.institution.slug)
    return render(request, "evidence/terms.html", {
        "terms": SearchTerm.objects.for_member(membership),
        "unit_terms": dictionary.unit_terms(membership.institution_id), "entered": entered,
        "max_length": dictionary.MAX_LENGTH,
    }, status=status)
