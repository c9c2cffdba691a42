"""Shapes for the planning pages: values table, server-drawn target chart, heat map classes."""
from decimal import Decimal

from django.utils.translation import gettext as _

from genderseal.thai.periods import period_label, periods

from . import rules


def total_tally(rows):
    total = rules.Tally()
    for row in rows:
        total.add(row.tally)
    return total


def heat_class(tally):
    if not tally.expected:
        return "none"
    if tally.received == tally.expected:
        return "ok" if tally.on_time == tally.expected else "late"
    return "missing" if tally.received == 0 else "partial"


def top_split(figures, limit=12):
    """Indicators that count people, largest first, for the sex-disaggregated bars."""
    people = [f for f in figures if f.split.total]
    people.sort(key=lambda f: -f.split.total)
    return people[:limit]


def values_table(indicator, fy, keys, reports, language):
    by_period = {r.period: r for r in reports}
    rows = []
    for start in periods(fy, indicator.frequency):
        report = by_period.get(start)
        values = {v.option_key: v.number for v in report.values.all()} if report else {}
        rows.append({
            "period": start, "label": period_label(start, indicator.frequency, language), "report": report,
            "cells": [values.get(k) for k in keys],
            "total": rules.total(values) if values else None,
            "split": rules.split_by_sex(values) if values else None,
        })
    return {"rows": rows}


def target_chart(indicator, fy, rows, targets):
    """Bars per period (cumulative for sums) against the year's target line, in percent of the scale."""
    year_target = next((t.value for t in targets if t.fiscal_year == fy.be and t.quarter == 0), None)
    running, points = Decimal(0), []
    for row in rows:
        if row["total"] is None:
            points.append({"label": row["label"], "value": None})
            continue
        running = running + row["total"] if indicator.aggregation == "sum" else row["total"]
        points.append({"label": row["label"], "value": running})
    top = max([p["value"] for p in points if p["value"] is not None] + [year_target or 0, Decimal(1)])
    for p in points:
        p["height"] = float(p["value"] / top * 100) if p["value"] is not None else 0
    return {"points": points, "target": year_target,
            "target_at": float(year_target / top * 100) if year_target else None}


def quarters(indicator, fy, rows, targets):
    """Progress per quarter against the quarter targets, from received reports only; [] without any."""
    from .models import RECEIVED

    wanted = {t.quarter: t.value for t in targets if t.fiscal_year == fy.be and t.quarter}
    if not wanted:
        return []
    totals = {}
    for row in rows:
        if row["report"] is not None and row["report"].status in RECEIVED and row["total"] is not None:
            totals.setdefault(fy.quarter_of(row["period"]), []).append(row["total"])
    return [{"quarter": q, "actual": act, "target": target, "progress": progress}
            for q, act, target, progress in rules.quarter_progress(
                totals, wanted, indicator.aggregation, indicator.baseline, indicator.direction)]


def option_label(key, categories):
    """'Female · 0-14' for 'female|0-14', in the reader's language."""
    sexes = {"female": _("Female"), "male": _("Male"), "other": _("Other or not stated"), "total": _("Total")}
    names = {o.code: o.t("name") for c in categories for o in c.options.all()}
    return " · ".join(sexes.get(p) or names.get(p, p) for p in key.split("|"))
