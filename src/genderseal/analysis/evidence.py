"""An approved worksheet or screening form recorded as an evidence item: its signed PDF, owned by
the project's unit, linked to 1.1.2 (and 1.1.3 when the project carries gender targets), so it
counts in the round's coverage and goes into the dossier like any other evidence."""
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from genderseal.core.audit import record
from genderseal.evidence import services as evidence_services
from genderseal.evidence.models import EvidenceKind
from genderseal.reports import document_parts

from . import documents, queries
from .models import Status, Worksheet


class AlreadyRecorded(Exception):
    pass


def benchmarks_for(membership, record_):
    """1.1.2 always; 1.1.3 too when the project carries gender targets (queries.with_gender_targets)."""
    codes = ["1.1.2"]
    if queries.with_gender_targets(type(record_).objects.filter(pk=record_.pk)).exists():
        codes.append("1.1.3")
    return evidence_services.latest_benchmarks(membership, codes)


def record_as_evidence(membership, record_):
    """Make the evidence item (approved: the secretariat approved the document itself)."""
    if record_.status != Status.APPROVED:
        raise AlreadyRecorded(_("Only an approved document can be recorded as evidence."))
    if record_.evidence_id and record_.evidence.deleted_at is None:
        raise AlreadyRecorded(_("This document is already recorded as evidence."))
    is_worksheet = isinstance(record_, Worksheet)
    project = record_.project
    with override("th"):  # the official copy is the Thai one
        style = document_parts.official_style(membership.institution, "th")
        build = documents.worksheet_document if is_worksheet else documents.screening_document
        pdf = documents.render_pdf(build(record_, style, membership.institution.t("name")))
    name = "gender-analysis" if is_worksheet else f"screening-{record_.fiscal_year}"
    title_th = ("แบบการวิเคราะห์มิติทางเพศ" if is_worksheet else "แบบวิเคราะห์โครงการ (วค.สยป.)")  # the seed's names
    title_en = "Gender analysis worksheet" if is_worksheet else "Project screening form"
    day = timezone.localdate(record_.reviewed_at) if record_.reviewed_at else timezone.localdate()
    with transaction.atomic():
        evidence = evidence_services.create_evidence(
            membership, owner_unit=project.owner_unit, kind=EvidenceKind.DOCUMENT, evidence_date=day,
            title_th=f"{title_th}: {project.code} {project.title_th}"[:500],
            title_en=f"{title_en}: {project.code} {project.title_en or project.title_th}"[:500],
            # Data in the official language, like the PDF it describes.
            description=f"{title_th}ที่ได้รับอนุมัติของโครงการ {project.code} ปีงบประมาณ {record_.fiscal_year}",
            tags="gender analysis, วิเคราะห์มิติเพศ")
        evidence_services.add_file(membership, evidence, SimpleUploadedFile(
            f"{project.code}-{name}.pdf", pdf, content_type="application/pdf"))
        linked = evidence_services.link_as_proof(membership, evidence, benchmarks_for(membership, record_))
        for step in ("submit", "approve"):
            if step in evidence_services.available_transitions(membership, evidence):
                evidence = evidence_services.transition(membership, evidence, step)
        type(record_).objects.filter(pk=record_.pk).update(evidence=evidence)
        record_.evidence = evidence
        record("analysis.evidence", project.code, institution=membership.institution, actor=membership.user,
               ref=f"analysis.{'worksheet' if is_worksheet else 'screening'}:{record_.pk}",
               after={"evidence": evidence.pk, "benchmarks": linked})
    return evidence

