"""The BMA demo's run-up to the external assessment: milestones, question bank, interview week.

Idempotent: milestones by stage, questions by order, sessions by number.
"""
from datetime import date, time
from pathlib import Path

import yaml
from django.contrib.auth import get_user_model

from genderseal.assessments.models import AssessmentRound
from genderseal.core.models import OrgUnit
from genderseal.evidence.models import Evidence

from .models import Interviewee, InterviewSession, Milestone, Question

DATA = Path(__file__).with_name("demo_data.yaml")
SEED = Path(__file__).resolve().parents[1] / "demo" / "seed_data.yaml"


def _date(value):
    return date.fromisoformat(str(value)) if value else None


def load_readiness_demo(institution):
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    timeline = {str(row["date"]): row for row in yaml.safe_load(SEED.read_text(encoding="utf-8"))["timeline"]}
    units = {u.code: u for u in OrgUnit.objects.filter(institution=institution)}
    for row in data["milestones"]:
        source = timeline.get(str(row.get("timeline")), {})
        title = row.get("title") or source.get("title") or {}
        note = "เดือนตามเอกสาร (ไม่ระบุวัน)" if row.get("note") == "month" else ""
        Milestone.objects.get_or_create(
            institution=institution, kind=row["kind"],
            defaults={"title_th": title.get("th", ""), "title_en": title.get("en", ""), "due_on": _date(row["due_on"]),
                      "ends_on": _date(row.get("ends_on")), "status": row["status"],
                      "owner_unit": units.get(row.get("unit")), "note": note})

    round_ = AssessmentRound.objects.filter(institution=institution).order_by("-number").first()
    if round_ is None:
        return
    framework = round_.framework
    dimensions = {d.code: d for d in framework.dimensions.all()}
    benchmarks = {b.code: b for b in framework.benchmarks.filter(retired=False)}
    units = {u.abbreviation: u for u in OrgUnit.objects.filter(institution=institution).exclude(abbreviation="")}
    for row in data["questions"]:
        group = row.get("group") or {}
        question, created = Question.objects.get_or_create(
            institution=institution, order=row["order"],
            defaults={"dimension": dimensions.get(row["dimension"] or ""), "question_th": row["question"]["th"],
                      "question_en": row["question"].get("en", ""), "answer_th": row["answer"].get("th", ""),
                      "answer_en": row["answer"].get("en", ""), "group_th": group.get("th", ""),
                      "group_en": group.get("en", ""), "author_unit": units.get(row.get("author"))})
        if created:
            linked = [benchmarks[c] for c in row["benchmarks"] if c in benchmarks]
            question.benchmarks.set(linked)
            question.evidence.set(Evidence.objects.filter(institution=institution, deleted_at=None,
                                                          links__benchmark__in=linked).distinct())

    users = {u.username: u for u in get_user_model().objects.filter(memberships__institution=institution)}
    assessors = "\n".join(data["assessors"])
    for row in data["sessions"]:
        starts, ends = (time.fromisoformat(row[k]) for k in ("starts", "ends"))
        session, created = InterviewSession.objects.get_or_create(
            institution=institution, number=row["number"],
            defaults={"title_th": row["title"]["th"], "title_en": row["title"]["en"], "held_on": _date(row["date"]),
                      "starts_at": starts, "ends_at": ends, "place": data["session_place"], "assessors": assessors})
        if created:
            session.dimensions.set([dimensions[row["dimension"]]] if row["dimension"] in dimensions else [])
            session.benchmarks.set([benchmarks[c] for c in row["benchmarks"] if c in benchmarks])
            Interviewee.objects.bulk_create(
                Interviewee(session=session, role=p["role"], unit=units.get(p.get("unit")), user=users.get(p.get("user")))
                for p in row["interviewees"])

    _load_certificate(institution, framework, data.get("certificate"))


def _load_certificate(institution, framework, row):
    """Record the certificate of demo_data.yaml when it gives one (none by default: see the comment there)."""
    if not row:
        return
    from genderseal.core.models import Membership, Role
    from genderseal.standards.models import Level

    from .certificates import save_certificate
    from .models import Certificate

    awarded_on = _date(row["awarded_on"])
    if Certificate.objects.filter(institution=institution, awarded_on=awarded_on).exists():
        return
    membership = (Membership.objects.filter(institution=institution, role=Role.SECRETARIAT)
                  .select_related("user", "institution").order_by("pk").first())
    save_certificate(membership, None, {
        "level": Level.objects.get(framework=framework, code=row["level"]), "awarded_on": awarded_on,
        "valid_until": _date(row.get("valid_until")), "issuing_body": row.get("issuing_body", "UNDP"),
        "reference": row.get("reference", ""), "notes": row.get("notes", "")})
