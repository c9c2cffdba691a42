"""The BMA demo: the seed document's institution, units, rounds and UNDP comments.

Idempotent: running it again changes nothing that is already there.
"""
import hashlib
from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.db import transaction

from genderseal.accounts import services as people
from genderseal.assessments.models import AssessmentRound, BenchmarkResult, RoundKind, RoundStatus
from genderseal.core.models import Institution, OrgUnit, Role
from genderseal.standards.models import Benchmark, Framework

SEED = Path(__file__).with_name("seed_data.yaml")
FRAMEWORK_FILE = Path(__file__).resolve().parents[3] / "frameworks" / "undp-gender-seal-public-institutions.yaml"
PASSWORD = "demo-gender-seal"
DEMO_MAIL_DOMAIN = "demo.gender-seal.invalid"

# (username, role, unit codes, full name): named by role, not after real people.
USERS = [
    ("secretariat", Role.SECRETARIAT, ["03000000"], "เลขานุการโครงการ (สำนักงาน ก.ก.)"),
    ("focal", Role.FOCAL_POINT, ["21000000"], "ผู้ประสานงานหน่วยงาน (สยป.)"),
    ("committee", Role.COMMITTEE, [], "กรรมการขับเคลื่อนความเสมอภาค"),
    ("assessor", Role.ASSESSOR, [], "ผู้ตรวจประเมิน UNDP"),
]


def ensure_framework(path=FRAMEWORK_FILE):
    from genderseal.standards.loader import parse_yaml
    from genderseal.standards.services import load_framework

    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    spec = parse_yaml(data, path.name)
    framework = Framework.objects.filter(code=spec.code).first()
    if framework is None or framework.sha256 != sha:
        load_framework(spec, path.name, sha)
    return Framework.objects.get(code=spec.code)


@transaction.atomic
def load_demo():
    seed = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    framework = ensure_framework()
    info = seed["institution"]
    institution, _ = Institution.objects.get_or_create(
        slug=info["slug"], defaults={"name_th": info["name"]["th"], "name_en": info["name"]["en"]}
    )
    units = _units(institution, seed["units"])
    users = _users(institution, units)
    benchmarks = {b.code: b for b in Benchmark.objects.current().filter(framework=framework)}
    round1 = _first_round(institution, framework, seed["round1"], benchmarks, units)
    _external_round(institution, framework, seed["external_round"], benchmarks, round1)
    for step in extra_steps():
        step(institution)
    return institution, users


def _units(institution, rows):
    units = {}
    for row in rows:
        units[row["code"]], _ = OrgUnit.objects.get_or_create(
            institution=institution,
            code=row["code"],
            defaults={"abbreviation": row.get("abbreviation") or "", "name_th": row["name"]["th"],
                      "name_en": row["name"].get("en") or ""},
        )
    for row in rows:
        if row.get("parent") and units[row["code"]].parent_id is None:
            units[row["code"]].parent = units[row["parent"]]
            units[row["code"]].save(update_fields=["parent"])
    return units


def _users(institution, units):
    users = []
    User = get_user_model()
    for username, role, unit_codes, full_name in USERS:
        # Through the same invitation the product uses: invited by e-mail, accepted with a password.
        if not User.objects.filter(username=username).exists():
            units_ = [units[c] for c in unit_codes]
            _invitation, token = people.invite(institution, f"{username}@{DEMO_MAIL_DOMAIN}", role, units_,
                                               send=False)
            people.accept_new(token, full_name=full_name, password=PASSWORD, username=username)
        users.append((username, role))
    if not User.objects.filter(username="admin").exists():
        people.create_platform_admin("admin", email=f"admin@{DEMO_MAIL_DOMAIN}", password=PASSWORD,
                                     full_name="ผู้ดูแลระบบ")
    return users


def _first_round(institution, framework, r1, benchmarks, units):
    round1, created = AssessmentRound.objects.get_or_create(
        institution=institution, number=1,
        defaults={"framework": framework, "kind": RoundKind.UNDP_REVIEW, "title": r1["title"]["th"],
                  "submitted_on": r1["submitted_on"], "result_on": r1["result_on"], "status": RoundStatus.REVIEWED},
    )
    if created:
        met = set(r1["met"])
        comments = r1.get("comments", {})
        results = BenchmarkResult.objects.bulk_create(
            BenchmarkResult(round=round1, benchmark=b, result_code="met" if code in met else r1["results_other"],
                            assessor_comment=comments.get(code, {}).get("th", ""))
            for code, b in benchmarks.items()
        )
        for result in results:
            codes = comments.get(result.benchmark.code, {}).get("units", [])
            result.responsible_units.add(*(units[c] for c in codes))
    return round1


def _external_round(institution, framework, ext, benchmarks, round1):
    round2, created = AssessmentRound.objects.get_or_create(
        institution=institution, number=2,
        defaults={"framework": framework, "kind": RoundKind.EXTERNAL, "title": ext["title"]["th"],
                  "starts_on": ext["starts_on"], "ends_on": ext["ends_on"], "submitted_on": ext.get("submitted_on"),
                  "status": RoundStatus.SUBMITTED, "copied_from": round1},
    )
    if created:
        previous = {r.benchmark_id: r for r in round1.results.prefetch_related("responsible_units")}
        results = BenchmarkResult.objects.bulk_create(
            BenchmarkResult(round=round2, benchmark=b) for b in benchmarks.values()
        )
        for result in results:
            if result.benchmark_id in previous:
                result.responsible_units.add(*previous[result.benchmark_id].responsible_units.all())


def extra_steps():
    """Other apps' demo data, in dependency order; each step takes the institution and is idempotent."""
    from genderseal.analysis.demo import load_analysis_demo
    from genderseal.assessments.demo import load_narratives_demo
    from genderseal.assessors.demo import load_assessor_demo
    from genderseal.evidence.demo import load_evidence_demo, load_meaning_demo
    from genderseal.notifications.demo import load_review_demo
    from genderseal.opendata.demo import load_opendata_demo
    from genderseal.organisation.demo import load_organisation_demo
    from genderseal.planning.demo import load_planning_demo
    from genderseal.readiness.demo import load_readiness_demo
    from genderseal.survey.demo import load_survey_demo

    from .today import load_today_demo

    return [load_organisation_demo, load_evidence_demo, load_review_demo, load_planning_demo, load_analysis_demo,
            load_readiness_demo, load_assessor_demo, load_survey_demo, load_opendata_demo, load_narratives_demo,
            load_today_demo, load_meaning_demo]
