"""Demo: the `assessor` user assesses BMA's external round (9-13 Feb 2026): two draft ratings and one
clarification thread with a question from the seed's interview preparation. Idempotent."""
from pathlib import Path

import yaml

from genderseal.assessments.models import AssessmentRound, BenchmarkResult, ResultState, RoundKind, RoundStatus
from genderseal.core.models import Membership, Role

from . import services
from .models import AssessorAssignment, Clarification, ExternalRating

SEED = Path(__file__).resolve().parents[1] / "demo" / "seed_data.yaml"
QUESTIONS = Path(__file__).resolve().parents[1] / "readiness" / "demo_data.yaml"

# Benchmarks the institution has approved for the assessors (1.1.1 is submitted by the review demo).
APPROVED = {"5.1.1": "ส่งรายงาน SDG Profile Bangkok และรายงานผลสำรวจความคิดเห็นของประชาชนแล้ว"}
RATINGS = {
    "1.1.1": ("met", "แผนปฏิบัติการด้านความเสมอภาคระหว่างเพศ 2568–2570 ครอบคลุมทุกมิติ มีงบประมาณและผู้รับผิดชอบ"),
    "5.1.1": ("partly_met", "มีการประเมินจากภายนอก แต่ยังไม่ครอบคลุมความหลากหลายทางเพศ"),
}


def _external_round(institution):
    found = AssessmentRound.objects.filter(institution=institution, kind=RoundKind.EXTERNAL).order_by("number").first()
    if found is not None:
        return found
    from genderseal.assessments.services import create_round

    secretariat = Membership.objects.filter(institution=institution, role=Role.SECRETARIAT).first()
    latest = AssessmentRound.objects.filter(institution=institution).order_by("-number").first()
    if secretariat is None or latest is None:
        return None
    ext = yaml.safe_load(SEED.read_text(encoding="utf-8"))["external_round"]
    new = create_round(secretariat, kind=RoundKind.EXTERNAL, title=ext["title"]["th"], framework=latest.framework,
                       starts_on=ext["starts_on"], ends_on=ext["ends_on"], copy_from=latest)
    AssessmentRound.objects.filter(pk=new.pk).update(status=RoundStatus.SUBMITTED)
    new.refresh_from_db()
    return new


def load_assessor_demo(institution):
    round = _external_round(institution)
    secretariat = (Membership.objects.filter(institution=institution, role=Role.SECRETARIAT)
                   .select_related("user", "institution").prefetch_related("units").first())
    assessor = (Membership.objects.filter(institution=institution, role=Role.ASSESSOR, user__username="assessor")
                .select_related("user", "institution").prefetch_related("units").first())
    if round is None or secretariat is None or assessor is None:
        return
    # The UNDP reviews the demo tells of were made by this assessor: assigned, they read them (and only them).
    for review in AssessmentRound.objects.filter(institution=institution, kind=RoundKind.UNDP_REVIEW):
        if not AssessorAssignment.objects.filter(round=review, user=assessor.user).exists():
            services.assign(secretariat, review, assessor.user)
    if AssessorAssignment.objects.filter(round=round, user=assessor.user).exists():
        return
    if round.status == RoundStatus.OPEN:
        AssessmentRound.objects.filter(pk=round.pk).update(status=RoundStatus.SUBMITTED)
    for code, response in APPROVED.items():
        BenchmarkResult.objects.filter(round=round, benchmark__code=code, state=ResultState.DRAFT).update(
            state=ResultState.APPROVED, response=response, reviewed_by=secretariat.user)
    services.assign(secretariat, round, assessor.user)
    for code, (result_code, comment) in RATINGS.items():
        result = services.reviewable_results(assessor, round).filter(benchmark__code=code).first()
        if result is not None and not ExternalRating.objects.filter(round=round, benchmark=result.benchmark).exists():
            services.save_rating(assessor, round, result, result_code=result_code, comment=comment, expected_version=0)
    if not Clarification.objects.filter(round=round).exists():
        result = services.reviewable_results(assessor, round).filter(benchmark__code="1.1.1").first()
        questions = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))["questions"]
        if result is not None and questions:
            services.ask(assessor, round, result, questions[0]["question"]["th"])
