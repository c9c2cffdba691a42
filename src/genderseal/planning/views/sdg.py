"""The SDG 5 view: which targets have indicators with a source accepted for SDG reporting, and which do not."""
from django.shortcuts import render

from genderseal.core.views import member_view

from .. import sdg
from ..models import Indicator, SdgTarget


@member_view("planning.view")
def sdg5(request, membership):
    targets = [(t.code, t.t("title")) for t in SdgTarget.objects.all()]
    indicators = [(i, sdg.parse_indicator_codes(i.sdg_indicators)[0], i.sdg_accepted)
                  for i in Indicator.objects.for_member(membership).exclude(sdg_indicators="")
                  .select_related("owner_unit").order_by("code")]
    rows = sdg.coverage(targets, indicators)
    return render(request, "planning/sdg5.html", {
        "rows": rows,
        "tracked": sum(1 for r in rows if r["state"] == "tracked"), "total": len(rows),
    })
