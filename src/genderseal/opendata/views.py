"""Open data pages: the secretariat's publication settings, and the public pages and downloads.

Public views read only `services.live(slug)` (the frozen, live dataset), never the records.
"""
import json

from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from genderseal.core.views import declare_access, member_view

from . import formats, presenters, services, snapshot
from .forms import ChoicesForm
from .models import PublishedDataset

PAGE_SECONDS = services.DATA_SECONDS


def _live_or_404(slug):
    found = services.live(slug)
    if found is None:
        raise Http404
    return found


def _absolute(request):
    return request.build_absolute_uri


def _public(response, live=None):
    """Harvesters fetch these from other origins; a version's files never change."""
    response["Access-Control-Allow-Origin"] = "*"
    if live is not None:
        response["ETag"] = f'"{live.sha256[:16]}-v{live.version}"'
        response["Cache-Control"] = "public, max-age=60"
    return response


# --- Public --------------------------------------------------------------------------------

@declare_access("public")
@require_safe
def index(request):
    datasets = services.all_live()
    language = get_language() or "th"
    rows = [{"live": d, "name": presenters.pick(d.institution, "name", language),
             "published_on": timezone.localtime(d.published_at).date()} for d in datasets]
    return render(request, "opendata/index.html", {"rows": rows})


@declare_access("public")
@require_safe
def dataset_page(request, slug):
    """The institution's published data; the body is cached per dataset version and language."""
    live = _live_or_404(slug)
    language = get_language() or "th"
    key = services.data_key(slug, live.version, f"page-{language}")
    body = cache.get_or_set(key, lambda: render_to_string("opendata/_public_body.html", {
        "live": live, "data": presenters.display(live.payload, language),
        "published_on": timezone.localtime(live.published_at).date(),
    }), PAGE_SECONDS)
    return render(request, "opendata/public_page.html", {
        "body": mark_safe(body), "name": presenters.pick(live.institution, "name", language), "live": live})


def _download(content, content_type, filename, live):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _public(response, live)


@declare_access("public")
@require_safe
def dataset_csv(request, slug):
    live = _live_or_404(slug)
    key = services.data_key(slug, live.version, "csv")
    content = cache.get_or_set(key, lambda: formats.to_csv(live), PAGE_SECONDS)
    return _download(content, "text/csv; charset=utf-8", f"gender-seal-{slug}-v{live.version}.csv", live)


def _json(data, live=None):
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json")
    return _public(response, live)


@declare_access("public")
@require_safe
def dataset_json(request, slug):
    live = _live_or_404(slug)
    key = services.data_key(slug, live.version, "json")
    content = cache.get_or_set(key, lambda: json.dumps(formats.to_json(live), ensure_ascii=False, indent=2),
                               PAGE_SECONDS)
    response = _public(HttpResponse(content, content_type="application/json"), live)
    response["Content-Disposition"] = f'inline; filename="gender-seal-{slug}-v{live.version}.json"'
    return response


@declare_access("public")
@require_safe
def dataset_dcat(request, slug):
    live = _live_or_404(slug)
    response = _json(formats.dcat_dataset(live, _absolute(request)), live)
    response["Content-Type"] = "application/ld+json"
    return response


@declare_access("public")
@require_safe
def dataset_ckan(request, slug):
    live = _live_or_404(slug)
    return _json(formats.ckan_package(live, _absolute(request)), live)


@declare_access("public")
@require_safe
def catalog(request):
    response = _json(formats.catalog(services.all_live(), _absolute(request)))
    response["Content-Type"] = "application/ld+json"
    return response


# --- The secretariat's settings -----------------------------------------------------------

@member_view("opendata.view")
def settings_page(request, membership):
    current = services.state(membership)
    initial = {"items": current.enabled, "version": current.publication.version,
               "fiscal_year": current.fiscal_year or snapshot.default_fiscal_year(membership.institution)}
    can_manage = membership.can("opendata.manage")
    status = 200
    if request.method == "POST":
        if not can_manage:
            raise Http404
        form = ChoicesForm(request.POST, extra_year=initial["fiscal_year"])
        status = 400
        if form.is_valid():
            try:
                services.save_choices(membership, form.cleaned_data["items"], form.cleaned_data["fiscal_year"],
                                      form.cleaned_data["version"])
            except services.StaleEdit as error:  # the choices ticked come back, with the reason
                form.add_error(None, str(error))
                status = 409
            else:
                messages.success(request, _("Choices saved. They reach the public when you press Publish."))
                return redirect("opendata-settings", membership.institution.slug)
    else:
        form = ChoicesForm(initial=initial, extra_year=initial["fiscal_year"])
    payload = snapshot.build(membership.institution, current.enabled, initial["fiscal_year"])
    language = get_language() or "th"
    history = list(PublishedDataset.objects.for_member(membership).select_related("published_by", "withdrawn_by")
                   .defer("payload")[:10])
    return render(request, "opendata/settings.html", {
        "form": form, "state": current, "can_manage": can_manage,
        "preview": presenters.display(payload, language), "history": history,
        "up_to_date": current.live is not None and current.live.sha256 == snapshot.digest(payload),
    }, status=status)


@member_view("opendata.manage")
@require_POST
def publish(request, membership):
    try:
        dataset = services.publish(membership)
    except services.NothingToPublish as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Published version %(version)s.") % {"version": dataset.version})
    return redirect("opendata-settings", membership.institution.slug)


@member_view("opendata.manage")
@require_POST
def unpublish(request, membership):
    if services.unpublish(membership) is not None:
        messages.success(request, _("The published data was withdrawn."))
    return redirect("opendata-settings", membership.institution.slug)
