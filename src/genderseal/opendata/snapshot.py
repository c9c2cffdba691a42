"""Gather what an institution chose to publish into one plain, bilingual JSON payload.

Every figure comes from the apps that own it (assessments' scoring, planning's queries):
nothing is computed twice. The payload holds only the chosen items; what is not chosen
is never read into it. Indicator values count approved reports only (what an assessor
may see); reporting rates count received reports as the planning dashboard does.
"""
import hashlib
import json
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from genderseal.assessments.models import AssessmentRound, RoundStatus
from genderseal.assessments.services import summarize_round
from genderseal.core.models import Membership, Role
from genderseal.planning import queries
from genderseal.planning.models import Indicator, PeriodReport, ReportStatus
from genderseal.standards.models import Dimension, Level
from genderseal.thai.dates import FiscalYear, fiscal_year

from .models import ITEMS, Item

SCHEMA = 1


def number(value):
    """A JSON number: whole numbers as int, others as float, None stays None."""
    if value is None:
        return None
    value = Decimal(str(value))
    return int(value) if value == value.to_integral_value() else float(value)


def canonical(payload):
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def digest(payload):
    return hashlib.sha256(canonical(payload).encode("utf-8")).hexdigest()


def reader(institution, role):
    """A membership that is never saved: reads the institution the way `role` does (scoping, restrictions)."""
    return Membership(institution=institution, role=role)


def default_fiscal_year(institution, today=None):
    """The latest fiscal year with an approved report, else the current one."""
    today = today or timezone.localdate()
    current = fiscal_year(today)
    latest = (PeriodReport.objects.filter(indicator__institution=institution, status=ReportStatus.APPROVED,
                                          period__lte=current.end)
              .order_by("-period").values_list("period", flat=True).first())
    return fiscal_year(latest).be if latest is not None else current.be


def finished_round(institution):
    """The latest round that is signed off, reviewed or closed: the level the institution may state."""
    rounds = AssessmentRound.objects.for_member(reader(institution, Role.SECRETARIAT))
    return (rounds.filter(Q(signed_off_at__isnull=False) | Q(status__in=[RoundStatus.REVIEWED, RoundStatus.CLOSED]))
            .select_related("framework").order_by("-number").first())


def certificate(institution, today=None):
    """The current Seal certificate (readiness app): {level, labels, awarded_on, valid_until}, or None."""
    try:
        from genderseal.readiness.certificates import current_certificate
    except ImportError:  # pragma: no cover - the readiness app without certificates
        return None
    found = current_certificate(institution, today=today)
    if found is None:
        return None
    return {"level": found.level.code, "level_th": found.level.label_th, "level_en": found.level.label_en,
            "awarded_on": found.awarded_on.isoformat(), "valid_until": found.valid_until.isoformat()}


def _assessment(institution, want_level, want_dimensions, today):
    round = finished_round(institution)
    if round is None:
        return {}
    summary = summarize_round(round).summary
    framework = round.framework
    out = {"round": {"number": round.number, "title": round.title, "kind": round.kind,
                     "date": round.date.isoformat() if round.date else None,
                     "signed_off_at": round.signed_off_at.date().isoformat() if round.signed_off_at else None},
           "framework": {"code": framework.code, "version": framework.version, "name_th": framework.name_th,
                         "name_en": framework.name_en}}
    if want_level:
        levels = {lv.code: lv for lv in Level.objects.filter(framework=framework)}
        level = levels.get(summary.level)
        out["level"] = {
            "code": summary.level,
            "label_th": level.label_th if level else "", "label_en": level.label_en if level else "",
            "percent": number(round_half(summary.total.percent)), "credit": number(round_half(summary.total.credit, 4)),
            "applicable": summary.total.applicable,
            "thresholds": [{"code": lv.code, "label_th": lv.label_th, "label_en": lv.label_en,
                            "min_percent": number(lv.min_percent)} for lv in levels.values()
                           if lv.min_percent is not None],
            "certificate": certificate(institution, today),
        }
    if want_dimensions:
        titles = {d.code: d for d in Dimension.objects.filter(framework=framework)}
        out["dimensions"] = [
            {"code": s.code, "title_th": titles[s.code].title_th if s.code in titles else s.code,
             "title_en": titles[s.code].title_en if s.code in titles else s.code,
             "percent": number(round_half(s.percent)), "credit": number(round_half(s.credit, 4)),
             "applicable": s.applicable}
            for s in summary.dimensions
        ]
    return out


def round_half(value, digits=1):
    from genderseal.standards.rules import _number

    return _number(value, digits)


def _indicators(institution, fy):
    figures = queries.indicator_figures(reader(institution, Role.ASSESSOR), fy)  # approved reports only
    info = {row["pk"]: row for row in Indicator.objects.filter(pk__in=[f.pk for f in figures]).values(
        "pk", "title_th", "title_en", "unit_of_measure", "by_sex", "owner_unit__code", "owner_unit__abbreviation",
        "owner_unit__name_th", "owner_unit__name_en")}
    rows = []
    for f in sorted(figures, key=lambda f: f.code):
        i = info[f.pk]
        split = f.split if i["by_sex"] and f.kind == "count" else None
        rows.append({
            "code": f.code, "title_th": i["title_th"], "title_en": i["title_en"] or i["title_th"],
            "unit_code": i["owner_unit__code"], "unit_abbreviation": i["owner_unit__abbreviation"],
            "unit_th": i["owner_unit__name_th"], "unit_en": i["owner_unit__name_en"] or i["owner_unit__name_th"],
            "unit_of_measure": i["unit_of_measure"], "kind": f.kind,
            "target": number(f.target), "actual": number(f.actual), "progress": number(f.progress),
            "by_sex": split is not None,
            "female": number(split.female) if split else None, "male": number(split.male) if split else None,
            "other": number(split.other) if split else None,
        })
    return {"fiscal_year": fy.be, "counted": "approved reports", "rows": rows}


def _reporting(institution, fy, today):
    rows = queries.reporting(reader(institution, Role.SECRETARIAT), fy, today)
    total = {"expected": 0, "received": 0, "on_time": 0}
    units = []
    for r in rows:
        t = r.tally
        for key in total:
            total[key] += getattr(t, key)
        units.append({"code": r.unit.code, "abbreviation": r.unit.abbreviation, "name_th": r.unit.name_th,
                      "name_en": r.unit.name_en or r.unit.name_th, "expected": t.expected, "received": t.received,
                      "on_time": t.on_time, "rate": t.rate, "on_time_rate": t.on_time_rate})
    from genderseal.planning.rules import percent

    total["rate"] = percent(total["received"], total["expected"])
    total["on_time_rate"] = percent(total["on_time"], total["expected"])
    return {"fiscal_year": fy.be, "as_of": today.isoformat(), "total": total, "units": units}


def build(institution, items, fiscal_year_be=None, today=None):
    """The payload for the chosen `items` (see models.Item); nothing else is read."""
    today = today or timezone.localdate()
    chosen = [item for item in ITEMS if item in set(items)]
    payload = {"schema": SCHEMA, "items": chosen,
               "institution": {"slug": institution.slug, "name_th": institution.name_th,
                               "name_en": institution.name_en or institution.name_th}}
    if Item.LEVEL in chosen or Item.DIMENSIONS in chosen:
        assessment = _assessment(institution, Item.LEVEL in chosen, Item.DIMENSIONS in chosen, today)
        payload.update(assessment)
    fy = FiscalYear(fiscal_year_be or default_fiscal_year(institution, today))
    if Item.INDICATORS in chosen:
        payload["indicators"] = _indicators(institution, fy)
    if Item.REPORTING in chosen:
        payload["reporting"] = _reporting(institution, fy, today)
    return payload

