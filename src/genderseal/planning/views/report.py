"""Reporting pages: the period form (one input per option), submit/approve/return, import and export."""
from datetime import date

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from genderseal.core import typed
from genderseal.core.errors import DomainError
from genderseal.core.imports import from_upload
from genderseal.core.scoping import get_scoped
from genderseal.core.views import member_view
from genderseal.thai.dates import MONTHS_TH, FiscalYear, fiscal_year
from genderseal.thai.periods import parse_be_year, parse_period, period_label, periods

from .. import exporter, importer, presenters, services
from ..models import Indicator, PeriodReport


def _indicator(membership, code):
    return get_scoped(Indicator.objects.select_related("owner_unit").prefetch_related("categories__options"),
                      membership, code=code)


def _period(request, indicator):
    """The period the form shows and saves, and its fiscal year (BE): always the same period.

    Without a month or quarter, the latest period of the asked fiscal year that has ended (its first
    when none has), so `?fy=2568` opens a period of 2568 and the hidden fields post that period back.
    """
    today = timezone.localdate()
    fy = parse_be_year(request.GET.get("fy") or request.POST.get("fy")) or fiscal_year(today).be
    month = request.GET.get("month") or request.POST.get("month")
    quarter = request.GET.get("quarter") or request.POST.get("quarter")
    if month or quarter:
        period = parse_period(fy, month, quarter, indicator.frequency)
    else:
        starts = periods(FiscalYear(fy), indicator.frequency)
        ended = [s for s in starts if s < today.replace(day=1)]
        period = ended[-1] if ended else starts[0]
    return period, (fiscal_year(period).be if period else fy)


def _ids(texts):
    try:
        return [int(t) for t in texts if t]
    except ValueError:
        raise services.BadInput({"attachments": _("Choose evidence items of your institution.")}) from None


def _evidence_choices(membership):
    from genderseal.evidence.models import Evidence

    return list(Evidence.objects.for_member(membership).filter(deleted_at=None).order_by("-pk")
                .values_list("pk", "title_th", "title_en")[:500])


@require_http_methods(["GET", "POST"])
@member_view("report.edit")
def report_form(request, membership, code):
    indicator = _indicator(membership, code)
    if not services.can_edit_unit(membership, indicator.owner_unit_id):
        raise Http404
    period, fy = _period(request, indicator)
    categories = list(indicator.categories.all())
    keys = indicator.option_keys(categories)
    errors, status = {}, 200
    report = PeriodReport.objects.filter(indicator=indicator, period=period).prefetch_related("values").first() \
        if period else None
    raw = {k: request.POST.get(f"v:{k}", "") for k in keys} if request.method == "POST" else \
        {v.option_key: v.number for v in report.values.all()} if report else {}
    if period is None:
        errors["period"] = _("Choose a period of this indicator.")
        status = 400
    elif request.method == "POST":
        try:
            with transaction.atomic():
                report = services.save_report(
                    membership, indicator, period, raw, narrative=request.POST.get("narrative", ""),
                    progress=services.parse_number(request.POST.get("progress") or None),
                    version=request.POST.get("version") or None, actor=request.user,
                    submit="submit" in request.POST, keys=keys)
                services.set_attachments(membership, report, _ids(request.POST.getlist("attachments")),
                                         actor=request.user)
            messages.success(request, _("Report saved."))
            return redirect(reverse("planning-indicator", args=[membership.institution.slug, code])
                            + f"?fy={fiscal_year(period).be}")
        except DomainError as error:
            errors, status = error.problems or {"period": error.message}, error.status
        except ValueError:
            errors, status = {"progress": _("Progress must be a number.")}, 400
    language = get_language() or "th"
    attached = ({int(i) for i in request.POST.getlist("attachments") if i.isdecimal()} if request.method == "POST"
                else set(report.attachments.values_list("pk", flat=True)) if report and report.pk else set())
    english = language.startswith("en")
    return render(request, "planning/report_form.html", {
        "evidence": [{"pk": pk, "title": (en or th) if english else th, "chosen": pk in attached}
                     for pk, th, en in _evidence_choices(membership)],
        "indicator": indicator, "period": period, "fy": fy, "report": report,
        "label": period_label(period, indicator.frequency, language) if period else "",
        "inputs": [{"key": k, "label": presenters.option_label(k, categories), "value": raw.get(k, ""),
                    "error": errors.get(k, "")} for k in keys],
        "errors": errors, "months": list(enumerate(MONTHS_TH, start=1)),
        "month_order": [10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        "chosen_month": period.month if period else None,
        "hidden_period": (("quarter", fiscal_year(period).quarter_of(period)) if indicator.frequency == "quarterly"
                          else ("month", period.month)) if period else None,
        "fy_choices": list(range(indicator.first_fy, indicator.last_fy + 1)),
        "narrative": request.POST.get("narrative", report.narrative if report else ""),
        "progress": request.POST.get("progress", report.progress_percent if report and report.progress_percent is not None else ""),
    }, status=status)


@member_view("report.submit")
@require_POST
def report_transition(request, membership, code, period, name):
    indicator = _indicator(membership, code)
    try:
        start = date.fromisoformat(period)
    except ValueError:
        raise Http404 from None
    report = get_scoped(PeriodReport.objects.select_related("indicator"), membership, indicator=indicator, period=start)
    try:
        services.transition(membership, report, name, comment=request.POST.get("comment", ""), actor=request.user,
                            version=request.POST.get("version") or None)
        messages.success(request, _("Done."))
    except services.NotAllowed:
        raise Http404 from None
    except services.PlanningError as error:
        typed.keep(request)  # the reason typed comes back in the form
        messages.error(request, str(error))
    return redirect(services.report_link(report))


@require_http_methods(["GET", "POST"])
@member_view("planning.manage")
def import_page(request, membership):
    problems, summary, status = [], None, 200
    if request.method == "POST":
        problems, summary, status = from_upload(
            request, lambda data, name: importer.import_file(membership, data, name, actor=request.user))
        if summary:
            messages.success(request, _(
                "Imported %(indicators)s indicators and %(values)s values; %(unchanged)s rows of approved "
                "periods were unchanged and skipped.") % summary)
    return render(request, "planning/import.html", {"problems": problems,
                                                    "summary": summary}, status=status)


@member_view("planning.view")
def export_file(request, membership):
    fy = parse_be_year(request.GET.get("fy"))
    data = exporter.export_xlsx(membership, fy)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="planning-{membership.institution.slug}.xlsx"'
    return response

