"""Benchmark: a briefing pack that covers all 40 benchmarks, as PDF and DOCX.

    .venv/bin/python bench/briefing.py            # SQLite, var/bench/briefing.sqlite3
    scripts/test-postgres.sh .venv/bin/python bench/briefing.py

Loads the demo (BMA, its question bank, interview week and evidence), adds a session that names
all five dimensions for the focal user (so the pack covers every benchmark), three approved
evidence items per benchmark and a Thai response of ~300 characters on every result of round 1,
then times what the download view does: gather (`readiness.briefing.build`) and render
(`readiness.briefing_documents`), 1 cold + 5 warm runs each. The last files go to var/bench/.
"""
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "genderseal.settings")
OUT = ROOT / "var" / "bench"
OUT.mkdir(parents=True, exist_ok=True)
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{OUT / 'briefing.sqlite3'}"

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import translation  # noqa: E402

from genderseal.assessments.models import AssessmentRound, BenchmarkResult  # noqa: E402
from genderseal.core.models import Membership, OrgUnit  # noqa: E402
from genderseal.demo.load import load_demo  # noqa: E402
from genderseal.evidence.models import Evidence, EvidenceLink  # noqa: E402
from genderseal.readiness import briefing, briefing_documents  # noqa: E402
from genderseal.readiness.models import Interviewee, InterviewSession  # noqa: E402
from genderseal.reports.typography import Style  # noqa: E402
from genderseal.standards.models import Dimension  # noqa: E402

RESPONSE = ("สำนักงาน ก.ก. ได้รวบรวมหลักฐานเพิ่มเติมจากสำนักยุทธศาสตร์และประเมินผล และจะเสนอคณะกรรมการ "
            "พิจารณาในการประชุมครั้งถัดไป พร้อมปรับปรุงแผนปฏิบัติการด้านความเท่าเทียมระหว่างเพศ ") * 2


def build():
    call_command("migrate", verbosity=0)
    load_demo()
    round1 = AssessmentRound.objects.get(institution__slug="bma", number=1)
    institution = round1.institution
    BenchmarkResult.objects.filter(round=round1).update(response=RESPONSE)
    focal = get_user_model().objects.get(username="focal")
    session, created = InterviewSession.objects.get_or_create(
        institution=institution, number=99,
        defaults={"title_th": "สัมภาษณ์ทุกมิติ (bench)", "held_on": datetime.date(2026, 2, 13),
                  "starts_at": datetime.time(13, 30), "place": "ห้องประชุม"})
    if created:
        session.dimensions.set(Dimension.objects.filter(framework=round1.framework))
        Interviewee.objects.create(session=session, role="ผู้ประสานงานหน่วยงาน", user=focal,
                                   unit=OrgUnit.objects.get(institution=institution, code="21000000"))
        unit = OrgUnit.objects.get(institution=institution, code="03000000")
        for result in round1.results.select_related("benchmark"):
            items = Evidence.objects.bulk_create(
                Evidence(institution=institution, owner_unit=unit, status="approved",
                         title_th=f"bench: หลักฐานเกณฑ์ {result.benchmark.code} ฉบับที่ {i}",
                         evidence_date=datetime.date(2025, 1 + i, 15)) for i in range(3))
            EvidenceLink.objects.bulk_create(EvidenceLink(evidence=e, benchmark=result.benchmark) for e in items)
    return Membership.objects.select_related("institution").get(user=focal, institution=institution), focal


def timed(fn, runs=6):
    times, out = [], None
    for _ in range(runs):
        started = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - started)
    return times, out


def main():
    membership, focal = build()
    translation.activate("th")
    style = Style("th")
    with CaptureQueriesContext(connection) as queries:
        pack = briefing.build(membership, user=focal, style=style)
    print(f"pack: {len(pack.sessions)} sessions, {len(pack.benchmarks)} benchmarks, "
          f"{sum(len(b.evidence) for b in pack.benchmarks)} evidence lines, {len(pack.answers)} answers, "
          f"{len(queries.captured_queries)} queries\n")
    print("| document | gather s | cold s | warm p50 s | warm max s | pages | size KB | target |")
    print("|---|---|---|---|---|---|---|---|")
    gather, _ = timed(lambda: briefing.build(membership, user=focal, style=style))
    for name, render, target in (("PDF", briefing_documents.briefing_pdf, "< 5 s"),
                                 ("DOCX", briefing_documents.briefing_docx, "< 2 s")):
        times, content = timed(lambda: render(briefing.build(membership, user=focal, style=style)))
        path = OUT / f"briefing-demo.{name.lower()}"
        path.write_bytes(content)
        pages = "–"
        if name == "PDF":
            from pypdf import PdfReader

            pages = len(PdfReader(str(path)).pages)
        warm = times[1:]
        print(f"| {name} | {statistics.median(gather):.3f} | {times[0]:.2f} | {statistics.median(warm):.2f} | "
              f"{max(warm):.2f} | {pages} | {len(content) / 1024:.0f} | {target} |")


if __name__ == "__main__":
    main()
