"""The seed document's evidence rows as demo data. Idempotent: items are found again by their Thai title."""

from pathlib import Path

import yaml
from django.core.files.uploadedfile import SimpleUploadedFile

from genderseal.assessments.models import AssessmentRound
from genderseal.core.models import Membership, OrgUnit, Role
from genderseal.standards.models import Benchmark

from . import services, tasks
from .models import Evidence, EvidenceStatus, SearchTerm
from .pdf import thai_pdf

DATA = Path(__file__).with_name("demo_data.yaml")


def load_evidence_demo(institution):
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    membership = (Membership.objects.filter(institution=institution, role=Role.SECRETARIAT)
                  .select_related("user", "institution").prefetch_related("units").first())
    round = AssessmentRound.objects.filter(institution=institution).order_by("-number").first()
    if membership is None or round is None:
        return
    for term in data["terms"]:
        SearchTerm.objects.get_or_create(institution=institution, term=term)
    units = {u.code: u for u in OrgUnit.objects.filter(institution=institution)}
    benchmarks = {b.code: b for b in Benchmark.objects.filter(framework=round.framework_id)}
    for row in data["items"]:
        if Evidence.objects.filter(institution=institution, title_th=str(row["title"])).exists():
            continue
        _item(membership, row, units, benchmarks, data["drives"])


def _item(membership, row, units, benchmarks, drives):
    evidence = services.create_evidence(
        membership, title_th=str(row["title"]), title_en=row.get("en", ""), description=row.get("description", ""),
        kind="document" if row.get("pdf") else "link", owner_unit=units.get(row["unit"]),
        evidence_date=row.get("date"), tags="Seal 2568")
    services.set_shared_units(membership, evidence, [units[c] for c in row.get("shared", ()) if c in units])
    for code in row["benchmarks"]:
        if code in benchmarks:
            services.link_benchmark(membership, evidence, benchmarks[code])
    for url in [*row.get("urls", []), *(drives[c] for c in row["benchmarks"] if c in drives)]:
        services.add_link(membership, evidence, url)
    if row.get("pdf"):
        name = f"{row['benchmarks'][0]}-{row['title'][:40]}.pdf".replace("/", "-")
        revision = services.add_file(membership, evidence, SimpleUploadedFile(name, thai_pdf(row["pdf"])))
        tasks.extract_revision.call(revision.pk)  # now, so search works before a worker runs
    services.transition(membership, evidence, "submit")
    services.transition(membership, evidence, "approve")
    assert evidence.status == EvidenceStatus.APPROVED



def load_meaning_demo(institution):
    """The meaning vectors and suggestions of every demo item now, not when a worker gets to them: the
    benchmark pages' comment check and the suggestions are part of the story from the first page."""
    from django.conf import settings

    if not settings.EVIDENCE_MEANING:
        return
    for pk in Evidence.objects.filter(institution=institution, deleted_at=None).values_list("pk", flat=True):
        tasks.embed_evidence.call(pk)
