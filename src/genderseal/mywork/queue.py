"""The secretariat's review queue: everything submitted for review, every kind, oldest first, in one query.

One UNION of the five kinds (results, evidence, period reports, worksheets, screening forms), each read
as the same plain columns, ordered and cut at LIMIT in the database: no model objects, one reverse per
kind of link (core/links.py). The same querysets count what waits (the count next to my work).
"""
from django.db.models import CharField, DateField, F, IntegerField, Value
from django.db.models.functions import Cast
from django.utils.translation import get_language

from genderseal.analysis.models import Screening, Worksheet
from genderseal.analysis.models import Status as AnalysisStatus
from genderseal.assessments.models import BenchmarkResult, ResultState
from genderseal.core.compiled import fetch_all
from genderseal.core.links import link
from genderseal.core.models import Membership, OrgUnit
from genderseal.evidence.models import Evidence, EvidenceStatus
from genderseal.planning.models import PeriodReport, ReportStatus
from genderseal.thai.periods import period_label

from .queries import LIMIT, Line, _report_url, rounds_in_progress

COLUMNS = ("row_kind", "pk", "submitted_at", "version", "code", "title_th", "title_en", "unit_pk", "unit_abbreviation",
           "unit_name_th", "unit_name_en", "number", "text", "period", "frequency")
STATES = {"result": ResultState.SUBMITTED, "evidence": EvidenceStatus.SUBMITTED, "report": ReportStatus.SUBMITTED,
          "worksheet": AnalysisStatus.SUBMITTED, "screening": AnalysisStatus.SUBMITTED}


def queue_sources(membership):
    """{kind: queryset} of what waits for the secretariat's review: the queue's lines and its count."""
    return {
        # Through the rounds' ids: the (round, state) index, not every institution's submitted results.
        "result": BenchmarkResult.objects.for_member(membership).filter(
            round__in=rounds_in_progress(membership), state=ResultState.SUBMITTED),
        "evidence": Evidence.objects.for_member(membership).alive().filter(status=EvidenceStatus.SUBMITTED),
        "report": PeriodReport.objects.for_member(membership).filter(status=ReportStatus.SUBMITTED),
        "worksheet": Worksheet.objects.for_member(membership).filter(status=AnalysisStatus.SUBMITTED),
        "screening": Screening.objects.for_member(membership).filter(status=AnalysisStatus.SUBMITTED),
    }


def _none(field):
    return Cast(Value(None), output_field=field)  # a typed NULL: PostgreSQL matches the kinds' columns by type


def _unit(path):
    return {"unit_pk": F(f"{path}__pk"), "unit_abbreviation": F(f"{path}__abbreviation"),
            "unit_name_th": F(f"{path}__name_th"), "unit_name_en": F(f"{path}__name_en")}


def _columns(sources):
    """Each kind's queryset as the same plain columns, in COLUMNS order."""
    nothing = {"number": _none(IntegerField()), "text": _none(CharField()), "period": _none(DateField()),
               "frequency": _none(CharField())}
    shapes = {
        "result": dict(code=F("benchmark__code"), title_th=F("benchmark__title_th"),
                       title_en=F("benchmark__title_en"), **_unit("lead_unit"), number=F("round__number"),
                       text=F("round__title"), period=nothing["period"], frequency=nothing["frequency"]),
        "evidence": dict(code=_none(CharField()), **_unit("owner_unit"), **nothing),
        "report": dict(code=F("indicator__code"), title_th=F("indicator__title_th"),
                       title_en=F("indicator__title_en"), **_unit("indicator__owner_unit"),
                       number=nothing["number"], text=nothing["text"], frequency=F("indicator__frequency")),
        "worksheet": dict(code=F("project__code"), title_th=F("project__title_th"), title_en=F("project__title_en"),
                          **_unit("project__owner_unit"), number=F("fiscal_year"), text=nothing["text"],
                          period=nothing["period"], frequency=nothing["frequency"]),
    }
    shapes["screening"] = shapes["worksheet"]
    return [sources[kind].annotate(row_kind=Value(kind), **shape).order_by().values_list(*COLUMNS)
            for kind, shape in shapes.items()]


def _t(th, en):
    return (en or th) if (get_language() or "th")[:2] == "en" else (th or en)


def _line(slug, row):
    row = dict(zip(COLUMNS, row))
    kind, pk, code = row["row_kind"], row["pk"], row["code"]
    unit = (OrgUnit(pk=row["unit_pk"], abbreviation=row["unit_abbreviation"] or "", name_th=row["unit_name_th"] or "",
                    name_en=row["unit_name_en"] or "") if row["unit_pk"] is not None else None)
    state = STATES[kind]
    fields = dict(state=state, state_label=str(state.label), unit=unit, version=row["version"], when=row["submitted_at"])
    title = _t(row["title_th"], row["title_en"])
    if kind == "result":
        url = link("round-detail", slug, row["number"]) + f"#result-{pk}"
        return Line(kind, pk, code, title, url, note=row["text"], **fields)
    if kind == "evidence":
        return Line(kind, pk, f"#{pk}", title, link("evidence-detail", slug, pk), **fields)
    if kind == "report":
        period, frequency = row["period"], row["frequency"]
        line = Line(kind, pk, code, title, _report_url(slug, code, period),
                    note=period_label(period, frequency, get_language() or "th"), **fields)
        line.period, line.frequency = period, frequency
        return line
    fy = row["number"]
    url = (link("analysis-detail", slug, code) if kind == "worksheet"
           else link("analysis-screening", slug, code) + f"?fy={fy}")
    return Line(kind, pk, code, title, url, note=str(fy), **fields)


def review_queue(membership):
    """Everything submitted for review, oldest first, the first LIMIT (one query).

    Answers (lines, total): total is how many wait in all when they fit in the queue (then the count
    next to my work needs no query of its own), else None.
    """
    role = membership.role

    def build(institution_id, user_id):
        stand_in = Membership(role=role, institution_id=institution_id, user_id=user_id)
        first, *others = _columns(queue_sources(stand_in))
        return (first.union(*others, all=True)
                .order_by(F("submitted_at").asc(nulls_last=True), "row_kind", "pk")[:LIMIT + 1])

    # Compiled once per role (core/compiled.py): building the five-kind UNION cost more than running it.
    rows = fetch_all(("review queue", role), build, [membership.institution_id, membership.user_id])
    slug = membership.institution.slug
    lines = [_line(slug, row) for row in rows[:LIMIT]]
    return lines, (len(rows) if len(rows) <= LIMIT else None)


def add_moves(line, slug):
    """The addresses that approve and return a line of the review queue (one reverse per kind)."""
    line.approve_url = link("my-work-move", slug, line.kind, line.pk, "approve")
    line.return_url = link("my-work-move", slug, line.kind, line.pk, "return")
