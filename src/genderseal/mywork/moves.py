"""Approve or return a record from the review queue: each kind through its own workflow service.

One entry, `move(membership, kind, pk, name, version, comment)`; it loads the record inside the
member's scope (404 otherwise) and calls the service that owns the kind's workflow, so the rules,
the audit and the notices are the ones the record's own page uses.
"""
from django.http import Http404
from django.utils.translation import gettext as _

from genderseal.analysis import services as analysis_services
from genderseal.analysis.models import Screening, Worksheet
from genderseal.assessments import review as result_review
from genderseal.assessments.models import BenchmarkResult
from genderseal.assessments.services import ResultError
from genderseal.core.scoping import get_scoped
from genderseal.evidence import services as evidence_services
from genderseal.evidence.models import Evidence
from genderseal.planning import services as planning_services
from genderseal.planning.models import PeriodReport

NAMES = ("approve", "return")
# Every error a kind's service raises for a refused move: shown to the user as a message.
REFUSED = (ResultError, evidence_services.EvidenceError, planning_services.PlanningError,
           analysis_services.AnalysisError)


def _result(membership, pk, name, version, comment):
    result = get_scoped(BenchmarkResult.objects.select_related("round__institution", "benchmark", "lead_unit")
                        .prefetch_related("responsible_units"), membership, pk=pk)
    return result_review.transition(membership, result, name, version, comment=comment)


def _evidence(membership, pk, name, version, comment):
    item = get_scoped(Evidence.objects.alive(), membership, pk=pk)
    return evidence_services.transition(membership, item, name, comment=comment, version=version)


def _report(membership, pk, name, version, comment):
    report = get_scoped(PeriodReport.objects.select_related("indicator__institution"), membership, pk=pk)
    if version is not None and report.version != version:
        raise planning_services.StaleEdit(_("Someone else saved this report meanwhile; reload to see their values."))
    return planning_services.transition(membership, report, name, comment=comment, actor=membership.user)


def _worksheet(membership, pk, name, version, comment):
    sheet = get_scoped(Worksheet.objects.select_related("project"), membership, pk=pk)
    return analysis_services.move_worksheet(membership, sheet, name, version, actor=membership.user, comment=comment)


def _screening(membership, pk, name, version, comment):
    form = get_scoped(Screening.objects.select_related("project"), membership, pk=pk)
    return analysis_services.move_screening(membership, form, name, version, actor=membership.user, comment=comment)


MOVES = {"result": _result, "evidence": _evidence, "report": _report, "worksheet": _worksheet,
         "screening": _screening}


def move(membership, kind, pk, name, version, comment=""):
    if kind not in MOVES or name not in NAMES:
        raise Http404
    return MOVES[kind](membership, pk, name, version, comment or "")
