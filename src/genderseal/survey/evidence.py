"""The survey's results as evidence for dimension 3 (benchmark 3.3.3), through the evidence services."""
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from genderseal.evidence import services as evidence_services
from genderseal.evidence.models import EvidenceKind

from .export import results_xlsx
from .models import Survey, SurveyStatus
from .queries import survey_results
from .services import EVIDENCE_BENCHMARKS, SurveyError, _audit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def evidence_benchmarks(membership):
    return evidence_services.latest_benchmarks(membership, EVIDENCE_BENCHMARKS)


def record_as_evidence(membership, survey):
    """A draft evidence item owned by the survey's unit, with the aggregate XLSX as its file, linked to 3.3.3."""
    if survey.status != SurveyStatus.CLOSED:
        raise SurveyError(_("Close the survey before recording its results as evidence."))
    if survey.evidence_id and survey.evidence.deleted_at is None:
        raise SurveyError(_("These results are already recorded as evidence."))
    results = survey_results(survey)
    if not results.enough:
        raise SurveyError(_("Fewer than %(n)s responses: there are no results to record.") % {"n": results.min_total})
    content = results_xlsx(survey, results)
    closed = timezone.localdate(survey.closes_at) if survey.closes_at else timezone.localdate()
    owner = survey.owner_unit or membership.units.first()
    with transaction.atomic():
        evidence = evidence_services.create_evidence(
            membership, owner_unit=owner, kind=EvidenceKind.DATASET, evidence_date=closed,
            title_th=f"ผลการสำรวจความคิดเห็นของบุคลากร: {survey.title_th}"[:500],
            title_en=f"Staff opinion survey results: {survey.title_en or survey.title_th}"[:500],
            description=_("%(n)s anonymous responses; distribution and mean per question, by sex, age group and unit "
                          "(groups of at least %(m)s responses only).") % {"n": results.total, "m": results.minimum},
            tags="staff survey, แบบสำรวจบุคลากร")
        upload = SimpleUploadedFile(f"staff-survey-{survey.pk}-results.xlsx", content, content_type=XLSX)
        evidence_services.add_file(membership, evidence, upload, note=_("Aggregate results"))
        linked = evidence_services.link_as_proof(membership, evidence, evidence_benchmarks(membership),
                                                 note=_("Questionnaire and results disaggregated by sex"))
        Survey.objects.filter(pk=survey.pk).update(evidence=evidence)
        survey.evidence = evidence
        _audit("survey.evidence", membership, survey, evidence=evidence.pk, benchmarks=linked)
    return evidence
