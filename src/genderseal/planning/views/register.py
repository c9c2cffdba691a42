"""The project register's pages: the bulk import (all or nothing, a report per row) and the Strategy Map."""
from django.contrib import messages
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from genderseal.core.imports import from_upload
from genderseal.core.views import member_view
from genderseal.thai.dates import fiscal_year
from genderseal.thai.periods import parse_be_year

from .. import register


@require_http_methods(["GET", "POST"])
@member_view("planning.manage")
def project_import(request, membership):
    problems, summary, status = [], None, 200
    if request.method == "POST":
        problems, summary, status = from_upload(
            request, lambda data, name: register.import_projects(membership.institution, data, name,
                                                                 actor=request.user))
        if summary:
            messages.success(request, _("Project register imported: %(created)s new, %(updated)s changed, "
                                        "%(projects)s projects in the file.") % summary)
    return render(request, "planning/project_import.html", {
        "problems": problems, "summary": summary, "columns": register.COLUMNS, "required": register.REQUIRED,
    }, status=status)


@member_view("planning.view")
def strategy_map(request, membership):
    current = fiscal_year(timezone.localdate()).be
    fy = parse_be_year(request.GET.get("fy")) or current
    return render(request, "planning/strategy_map.html", {
        "map": register.strategy_map(membership, fy), "fy": fy,
        "fy_choices": sorted({current - 2, current - 1, current, current + 1, fy}),
    })
