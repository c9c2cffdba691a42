"""The audit trail on pages: a record's history, the institution-wide audit page, CSV/XLSX export.

Events are only ever added (AuditEvent.save/delete and a database trigger refuse changes).
Every query here is bounded: history panels show the latest HISTORY_LIMIT events in one
query; the audit page shows a page of PAGE_SIZE; exports stream rows with .iterator().
"""
import csv
import json
import tempfile
from datetime import datetime, time

from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AuditEvent
from .views import member_view

HISTORY_LIMIT = 25
PAGE_SIZE = 100
DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


def history_for(membership, *, ref=None, ref_prefix=None, ref_suffix=None, limit=HISTORY_LIMIT):
    """The latest events about one record (and, with a prefix, the records inside it): one query."""
    from django.db.models import Q

    condition = Q()
    if ref:
        condition |= Q(ref=ref)
    if ref_prefix:
        condition |= Q(ref__startswith=ref_prefix)
    if ref_suffix:
        condition |= Q(ref__endswith=ref_suffix)
    if not condition or not (membership.can("audit.view") or membership.role == "focal_point"):
        return None  # assessors read results, not the institution's internal history
    rows = AuditEvent.objects.for_member(membership).filter(condition).select_related("actor")
    return list(rows.order_by("-at", "-pk")[:limit])


def safe_cell(value):
    """Neutralise spreadsheet formulas: a cell starting with = + - @ is prefixed with a quote."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return "'" + text if text.startswith(DANGEROUS_START) else text


def changes(event):
    """[(field, before, after)] of an event's detail, for display and export."""
    before, after = event.detail.get("before") or {}, event.detail.get("after") or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return [("", before, after)]
    return [(k, before.get(k), after.get(k)) for k in sorted(set(before) | set(after))]


def filtered_events(membership, data):
    rows = AuditEvent.objects.for_member(membership).select_related("actor")
    if data.get("action"):
        rows = rows.filter(action__startswith=data["action"])
    if data.get("actor"):
        rows = rows.filter(actor__username=data["actor"])
    if data.get("q"):
        rows = rows.filter(target__icontains=data["q"])
    tz = timezone.get_current_timezone()
    if data.get("since"):
        rows = rows.filter(at__gte=timezone.make_aware(datetime.combine(data["since"], time.min), tz))
    if data.get("until"):
        rows = rows.filter(at__lte=timezone.make_aware(datetime.combine(data["until"], time.max), tz))
    return rows.order_by("-at", "-pk")


def _row(event):
    detail = {k: v for k, v in event.detail.items() if k not in ("before", "after")}
    return [
        timezone.localtime(event.at).isoformat(timespec="seconds"),
        event.actor.username if event.actor else "",
        event.action,
        event.target,
        json.dumps(event.detail.get("before", ""), ensure_ascii=False, default=str),
        json.dumps(event.detail.get("after", ""), ensure_ascii=False, default=str),
        json.dumps(detail, ensure_ascii=False, default=str) if detail else "",
    ]


def _header():
    return [_("When"), _("User"), _("Action"), _("Record"), _("Before"), _("After"), _("Detail")]


class _Echo:
    def write(self, value):
        return value


def _csv_response(rows, filename):
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # Excel opens UTF-8 (Thai) correctly with a BOM
        yield writer.writerow(_header())
        for event in rows.iterator(chunk_size=2000):
            yield writer.writerow([safe_cell(v) for v in _row(event)])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _xlsx_response(rows, filename):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("audit")
    sheet.append(_header())
    for event in rows.iterator(chunk_size=2000):
        sheet.append([safe_cell(v) for v in _row(event)])
    handle = tempfile.TemporaryFile()  # the file, not the request, holds the workbook
    book.save(handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=f"{filename}.xlsx",
                        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@member_view("audit.view")
def audit_log(request, membership):
    from .forms import AuditFilter

    form = AuditFilter(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    rows = filtered_events(membership, data)
    export = request.GET.get("format")
    filename = f"audit-{membership.institution.slug}-{timezone.localdate().isoformat()}"
    if export == "csv":
        return _csv_response(rows, filename)
    if export == "xlsx":
        return _xlsx_response(rows, filename)
    try:
        page = max(int(request.GET.get("page", 1)), 1)
    except ValueError:
        page = 1
    events = list(rows[(page - 1) * PAGE_SIZE: page * PAGE_SIZE + 1])
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "core/audit.html", {
        "form": form, "events": events[:PAGE_SIZE], "page": page,
        "has_next": len(events) > PAGE_SIZE, "query": query.urlencode(),
    })
