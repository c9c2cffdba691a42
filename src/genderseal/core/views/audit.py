"""The institution-wide audit page (/i/<slug>/audit/) and its CSV/XLSX export.

Rows are bounded: a page shows PAGE_SIZE events; exports stream rows with .iterator().
"""
import csv
import json
import tempfile

from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from ..audit import filtered_events, safe_cell
from ..paging import page_number
from . import member_view

PAGE_SIZE = 100


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
    from ..forms import AuditFilter

    form = AuditFilter(request.GET, membership=membership)
    form.is_valid()  # a filter that is not understood is named on the form; the others still apply
    data = form.cleaned_data
    rows = filtered_events(membership, data)
    export = request.GET.get("format")
    filename = f"audit-{membership.institution.slug}-{timezone.localdate().isoformat()}"
    if export == "csv":
        return _csv_response(rows, filename)
    if export == "xlsx":
        return _xlsx_response(rows, filename)
    page = page_number(request.GET.get("page"))
    events = list(rows[(page - 1) * PAGE_SIZE: page * PAGE_SIZE + 1])
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "core/audit.html", {
        "form": form, "events": events[:PAGE_SIZE], "page": page,
        "has_next": len(events) > PAGE_SIZE, "query": query.urlencode(),
    })
