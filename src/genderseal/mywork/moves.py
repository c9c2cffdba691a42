"""Approve or return a record from the review queue: core/workflow.py `move`, through each kind's service.

One entry, `move(membership, kind, pk, name, version, comment)`; it loads the record inside the
member's scope (404 otherwise) and calls the kind's service, which calls the one workflow `move`
(role, state, version, reason, audit and notices in one transaction), as the record's own page does.
"""
from django.http import Http404

from genderseal.analysis import services as analysis_services
from genderseal.analysis.models import Screening, Worksheet
from genderseal.assessments import review as result_review
from genderseal.assessments.models import BenchmarkResult
from genderseal.core.errors import DomainError
from genderseal.core.scoping import get_scoped
from genderseal.evidence import services as evidence_services
from genderseal.evidence.models import Evidence
from genderseal.planning import services as planning_services
from genderseal.planning.models import PeriodReport

NAMES = ("approve", "return")
REFUSED = DomainError  # every refusal of the workflow (core/errors.py): shown to the user as a message


def _result(membership, pk, name, version, comment):
    result = get_scoped(BenchmarkResult.objects.select_related("round__institution", "benchmark", "lead_unit")
                        .prefetch_related("responsible_units"), membership, pk=pk)
    return result_review.transition(membership, result, name, version, comment=comment)


def _evidence(membership, pk, name, version, comment):
    item = get_scoped(Evidence.objects.alive(), membership, pk=pk)
    return evidence_services.transition(membership, item, name, comment=comment, version=version)


def _report(membership, pk, name, version, comment):
    report = get_scoped(PeriodReport.objects.select_related("indicator__institution"), membership, pk=pk)
    return planning_services.transition(membership, report, name, comment=comment, actor=membership.user,
                                        version=version)


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
