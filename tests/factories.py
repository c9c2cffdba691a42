"""Plain builders for tests: a framework, institutions, rounds and named personas.

Personas follow the roles users know: secretariat, focal point, committee, assessor,
and an outsider who belongs to another institution.
"""
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from genderseal.assessments.models import AssessmentRound, BenchmarkResult, RoundKind, RoundStatus
from genderseal.core.models import Institution, Membership, OrgUnit, Role
from genderseal.standards.models import Benchmark, Dimension, Framework, Goal, Level, ResultOption

RESULTS = [
    ("met", "ผ่าน", "Met", 1, True),
    ("partly_met", "ผ่านบางส่วน", "Partly met", 0, True),
    ("not_met", "ไม่ผ่าน", "Not met", 0, True),
    ("not_applicable", "ไม่เกี่ยวข้อง", "Not applicable", 0, False),
]
LEVELS = [("gold", "เหรียญทอง", "Gold", 80), ("silver", "เหรียญเงิน", "Silver", 70), ("bronze", "เหรียญทองแดง", "Bronze", 60)]


def make_framework(code="test-seal", dimensions=5, goals_per_dimension=2, benchmarks_per_goal=4):
    """A Seal-shaped framework: by default 5 x 2 x 4 = 40 benchmarks."""
    framework = Framework.objects.create(code=code, version="1", name_th="มาตรฐานทดสอบ", name_en="Test standard",
                                         publisher="UNDP")
    ResultOption.objects.bulk_create(
        ResultOption(framework=framework, code=c, label_th=th, label_en=en, credit=credit, applicable=app, order=i)
        for i, (c, th, en, credit, app) in enumerate(RESULTS)
    )
    Level.objects.bulk_create(
        Level(framework=framework, code=c, label_th=th, label_en=en, min_percent=p, order=i)
        for i, (c, th, en, p) in enumerate(LEVELS)
    )
    order = 0
    for d in range(1, dimensions + 1):
        dim = Dimension.objects.create(framework=framework, code=str(d), title_th=f"มิติที่ {d}",
                                       title_en=f"Dimension {d}", order=d)
        for g in range(1, goals_per_dimension + 1):
            goal = Goal.objects.create(framework=framework, dimension=dim, code=f"{d}.{g}",
                                       title_th=f"เป้าหมาย {d}.{g}", title_en=f"Goal {d}.{g}", order=order)
            for b in range(1, benchmarks_per_goal + 1):
                order += 1
                Benchmark.objects.create(framework=framework, goal=goal, code=f"{d}.{g}.{b}", order=order,
                                         title_th=f"เกณฑ์ {d}.{g}.{b}", title_en=f"Benchmark {d}.{g}.{b}",
                                         evidence_th="หลักฐาน", evidence_en="Evidence",
                                         wording="official" if b == 1 else "working")
    return framework


def make_institution(slug="bma", name_th="กรุงเทพมหานคร", name_en="Bangkok Metropolitan Administration"):
    institution = Institution.objects.create(slug=slug, name_th=name_th, name_en=name_en)
    OrgUnit.objects.create(institution=institution, code="21000000", abbreviation="สยป.",
                           name_th="สำนักยุทธศาสตร์และประเมินผล", name_en="Strategy and Evaluation Department")
    OrgUnit.objects.create(institution=institution, code="03000000", abbreviation="สำนักงาน ก.ก.",
                           name_th="สำนักงานคณะกรรมการข้าราชการกรุงเทพมหานคร",
                           name_en="Bangkok Civil Service Commission Office")
    return institution


def make_round(institution, framework, number=1, status=RoundStatus.REVIEWED, met=(), kind=RoundKind.UNDP_REVIEW,
               **fields):
    """A round with one result per benchmark: codes in `met` are met, the rest not met."""
    rnd = AssessmentRound.objects.create(institution=institution, framework=framework, number=number, kind=kind,
                                         title=fields.pop("title", f"Round {number}"), status=status, **fields)
    BenchmarkResult.objects.bulk_create(
        BenchmarkResult(round=rnd, benchmark=b, result_code="met" if b.code in met else "not_met")
        for b in Benchmark.objects.filter(framework=framework)
    )
    return rnd


def make_user(username, institution=None, role=None, units=()):
    user = get_user_model().objects.create_user(username, password="pass-" + username)
    if institution is not None:
        membership = Membership.objects.create(user=user, institution=institution, role=role)
        membership.units.set(units)
    return user


@dataclass
class World:
    framework: Framework
    institution: Institution
    other: Institution
    round: AssessmentRound
    secretariat: object
    focal_point: object
    committee: object
    assessor: object
    outsider: object


# 10 of 40, as in BMA's first UNDP review; 1.1.1 and 1.1.2 are not among them.
DEMO_MET = ["1.1.3", "2.1.2", "3.1.1", "3.1.2", "3.2.1", "3.2.2", "4.1.1", "4.2.1", "5.1.3", "5.2.2"]


def make_world(met=None):
    """BMA with round 1 at 10 of 40 met (the assessor assigned to it), every persona, and another institution."""
    framework = make_framework()
    institution = make_institution()
    other = make_institution("other", "หน่วยงานอื่น", "Other institution")
    met = met if met is not None else DEMO_MET
    rnd = make_round(institution, framework, met=met)
    unit = OrgUnit.objects.get(institution=institution, code="21000000")
    for result in rnd.results.filter(benchmark__code__startswith="1."):
        result.responsible_units.add(unit)
    make_round(other, framework, met=[])
    world = World(
        framework=framework,
        institution=institution,
        other=other,
        round=rnd,
        secretariat=make_user("secretariat", institution, Role.SECRETARIAT),
        focal_point=make_user("focal", institution, Role.FOCAL_POINT, units=[unit]),
        committee=make_user("committee", institution, Role.COMMITTEE),
        assessor=make_user("assessor", institution, Role.ASSESSOR),
        outsider=make_user("outsider", other, Role.SECRETARIAT),
    )
    from genderseal.assessors.models import AssessorAssignment

    AssessorAssignment.objects.create(round=rnd, user=world.assessor)  # the UNDP review round 1
    return world


# --- Evidence (genderseal.evidence) -------------------------------------------------------

def make_evidence(institution, title_th="หลักฐานทดสอบ", unit_code="21000000", status="draft", benchmarks=(),
                  **fields):
    """An evidence item owned by a unit, linked to benchmark codes of the institution's framework."""
    from genderseal.evidence.models import Evidence, EvidenceLink
    from genderseal.evidence.search import reindex

    unit = OrgUnit.objects.get(institution=institution, code=unit_code) if unit_code else None
    evidence = Evidence.objects.create(institution=institution, owner_unit=unit, title_th=title_th, status=status,
                                       **fields)
    framework = AssessmentRound.objects.filter(institution=institution).first().framework
    for code in benchmarks:
        EvidenceLink.objects.create(evidence=evidence, benchmark=Benchmark.objects.get(framework=framework, code=code))
    reindex(evidence)
    return evidence


def make_upload(name, content, content_type="application/octet-stream"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


def make_thai_pdf(lines):
    """A small PDF with Thai text (Sarabun), generated offline."""
    from genderseal.evidence.pdf import thai_pdf

    return thai_pdf(lines)


def make_docx(paragraphs):
    import io

    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_organisation(world):
    """A committee with one meeting and action item #1 for สยป. on round 1's 1.1.1 (organisation app)."""
    from genderseal.organisation.models import ActionItem, Body, Meeting, Seat, SeatRole

    unit = OrgUnit.objects.get(institution=world.institution, code="21000000")
    body = Body.objects.create(institution=world.institution, code="committee", name_th="คณะกรรมการ",
                               name_en="Committee", order_number="4708/2567")
    body.benchmarks.set(Benchmark.objects.filter(framework=world.framework, code__startswith="2.1."))
    Seat.objects.create(body=body, role=SeatRole.CHAIR, position="Deputy Governor")
    Seat.objects.create(body=body, role=SeatRole.MEMBER, position="Head", unit=unit)
    Meeting.objects.create(body=body, number=1, title="1/2569", held_on="2026-02-02")
    result = world.round.results.get(benchmark__code="1.1.1")
    item = ActionItem.objects.create(institution=world.institution, number=1, title="Write the plan",
                                     owner_unit=unit, result=result, due_on="2026-01-25")
    return body, item


def make_evidence_examples(world):
    """For the route walk: an approved item of สยป. linked to 1.1.1 with one file, and a built dossier."""
    from genderseal.core.models import Membership
    from genderseal.evidence import dossier, services
    from genderseal.reports import issuing

    evidence = make_evidence(world.institution, "ตัวอย่างหลักฐาน", status="approved", benchmarks=["1.1.1"])
    membership = Membership.objects.get(user=world.secretariat)
    services.add_file(membership, evidence, make_upload("ตัวอย่าง.pdf", b"%PDF-1.4 example"))
    built = dossier.start(membership, world.round)
    issuing.build(built.pk)
    built.refresh_from_db()
    return evidence, built


# --- Planning (genderseal.planning) -------------------------------------------------------

def make_planning(world, fy=2568, by_sex=True):
    """A plan 2568-2570 with one project of สยป. and indicator IND-1 (monthly, by sex), target 120 in `fy`."""
    from genderseal.planning.models import (
        Indicator,
        IndicatorTarget,
        Measure,
        Plan,
        Project,
        SdgTarget,
        StrategicArea,
        Strategy,
    )

    unit = OrgUnit.objects.get(institution=world.institution, code="21000000")
    area = StrategicArea.objects.create(institution=world.institution, code="health", name_th="สุขภาพดี",
                                        name_en="Good health", order=1)
    plan = Plan.objects.create(institution=world.institution, code="gap-2568", title_th="แผนปฏิบัติการ 2568-2570",
                               title_en="Gender action plan 2568-2570", first_fy=2568, last_fy=2570)
    strategy = Strategy.objects.create(plan=plan, code="1", title_th="กลยุทธ์ 1", title_en="Strategy 1")
    measure = Measure.objects.create(strategy=strategy, code="1.1", title_th="มาตรการ 1.1", title_en="Measure 1.1")
    project = Project.objects.create(institution=world.institution, code="P-1", title_th="โครงการทดสอบ",
                                     title_en="Test project", owner_unit=unit, first_fy=2568, last_fy=2570,
                                     budget=1000000, strategic_area=area, measure=measure, gender_marker="GEN2")
    project.sdg_targets.set(SdgTarget.objects.filter(code="5.6"))
    project.benchmarks.set(Benchmark.objects.filter(framework=world.framework, code__in=["1.1.3", "1.1.4"]))
    indicator = Indicator.objects.create(institution=world.institution, project=project, code="IND-1",
                                         title_th="จำนวนผู้รับบริการ", title_en="People served", owner_unit=unit,
                                         unit_of_measure="คน", first_fy=2568, last_fy=2570, by_sex=by_sex)
    IndicatorTarget.objects.create(indicator=indicator, fiscal_year=fy, value=120)
    return indicator


def planning_membership(world, persona="secretariat"):
    from genderseal.core.models import Membership

    return Membership.objects.select_related("institution").prefetch_related("units").get(
        user=getattr(world, persona), institution=world.institution)


# --- Readiness (genderseal.readiness) -----------------------------------------------------

def make_readiness(world):
    """Milestone (external assessment, 9-13 Feb 2026), a dimension-1 question on 1.1.1 and interview #1,
    where the focal point of สยป. is interviewed."""
    import datetime

    from genderseal.readiness.models import Interviewee, InterviewSession, Milestone, Question
    from genderseal.standards.models import Dimension

    unit = OrgUnit.objects.get(institution=world.institution, code="21000000")
    dimension = Dimension.objects.get(framework=world.framework, code="1")
    milestone = Milestone.objects.create(institution=world.institution, kind="external_assessment",
                                         title_th="ตรวจประเมินภายนอก", title_en="External assessment",
                                         due_on=datetime.date(2026, 2, 9), ends_on=datetime.date(2026, 2, 13),
                                         owner_unit=unit)
    question = Question.objects.create(institution=world.institution, dimension=dimension, order=1,
                                       question_th="คำถามทดสอบ", question_en="Is gender used upstream in planning?",
                                       answer_th="คำตอบทดสอบ", answer_en="Yes: data-driven planning.")
    question.benchmarks.set(Benchmark.objects.filter(framework=world.framework, code="1.1.1"))
    session = InterviewSession.objects.create(institution=world.institution, number=1, title_th="สัมภาษณ์มิติที่ 1",
                                              title_en="Interview, dimension 1", held_on=datetime.date(2026, 2, 9),
                                              starts_at=datetime.time(9, 30), ends_at=datetime.time(12),
                                              place="Room 1", assessors="Gender expert, UNDP")
    session.dimensions.set([dimension])
    Interviewee.objects.create(session=session, role="Focal point", unit=unit, user=world.focal_point)
    return milestone, question, session


# --- Gender analysis (genderseal.analysis) ------------------------------------------------

def make_worksheet(world, *, complete=True, status="draft", goal_focus="principal", fiscal_year=2568):
    """A worksheet for project P-1 (make_planning first); complete answers in the seed's four steps."""
    from genderseal.analysis.models import Worksheet
    from genderseal.planning.models import Indicator, Project

    project = Project.objects.get(institution=world.institution, code="P-1")
    answers = {}
    if complete:
        answers = dict(problem="Girls miss 3-5 school days a month without sanitary pads", affected="Schoolgirls",
                       causes="Cost of pads", goals="No girl misses school", effect_women="Girls attend",
                       effect_men="None", effect_diverse="Private collection", do_no_harm="Discreet hand-out",
                       data_collected="Pads and absences by sex", data_by_whom="Schools", data_frequency="Monthly",
                       measure_quantitative="Days missed", measure_qualitative="Survey", review_when="Each term",
                       baseline=[{"label": "School days missed per month", "kind": "count", "women": "4",
                                  "men": "0", "diverse": "", "source": "Research cited by the strategy department"}])
    worksheet = Worksheet.objects.create(institution=world.institution, project=project, fiscal_year=fiscal_year,
                                         status=status, goal_focus=goal_focus, **answers)
    if complete:
        worksheet.indicators.set(Indicator.objects.filter(project=project))
    return worksheet


# --- Assessor workspace (genderseal.assessors) --------------------------------------------

def make_external_round(world, number=2, submitted=("1.1.1",), approved=("1.1.2",), assign=True, thread=True):
    """External round `number` (submitted to the assessors): 1.1.1 submitted, 1.1.2 approved, the rest draft;
    the lead unit is สยป. (the focal point's); the world's assessor assigned; clarification #1 on 1.1.1."""
    from genderseal.assessors.models import AssessorAssignment, Clarification, ClarificationMessage

    unit = OrgUnit.objects.get(institution=world.institution, code="21000000")
    rnd = AssessmentRound.objects.create(institution=world.institution, framework=world.framework, number=number,
                                         kind=RoundKind.EXTERNAL, title="External assessment",
                                         status=RoundStatus.SUBMITTED)
    BenchmarkResult.objects.bulk_create(
        BenchmarkResult(round=rnd, benchmark=b, lead_unit=unit,
                        state="submitted" if b.code in submitted else "approved" if b.code in approved else "draft",
                        response=f"Response {b.code}")
        for b in Benchmark.objects.filter(framework=world.framework)
    )
    if assign:
        AssessorAssignment.objects.create(round=rnd, user=world.assessor)
    if thread:
        benchmark = Benchmark.objects.get(framework=world.framework, code="1.1.1")
        found = Clarification.objects.create(round=rnd, benchmark=benchmark, number=1, asked_by=world.assessor)
        ClarificationMessage.objects.create(clarification=found, author=world.assessor, from_assessor=True,
                                            body="Is gender used upstream in planning?")
    return rnd


# --- Readiness: certificates (genderseal.readiness.certificates) --------------------------

def make_certificate(institution, framework, level="bronze", awarded_on=None, valid_until=None, **fields):
    """A Seal certificate (valid three years from `awarded_on` unless `valid_until` says otherwise)."""
    import datetime

    from genderseal.readiness.certificates import default_valid_until
    from genderseal.readiness.models import Certificate

    awarded_on = awarded_on or datetime.date(2026, 3, 31)
    return Certificate.objects.create(institution=institution, level=Level.objects.get(framework=framework, code=level),
                                      awarded_on=awarded_on,
                                      valid_until=valid_until or default_valid_until(awarded_on), **fields)


# --- Open data (genderseal.opendata) ------------------------------------------------------

def make_published(world, items=("level", "dimensions", "indicators", "reporting"), fiscal_year=2568):
    """BMA's open data with `items` chosen and published by the secretariat; returns the dataset."""
    from django.core.cache import cache

    from genderseal.core.models import Membership
    from genderseal.opendata import services

    membership = Membership.objects.select_related("institution").get(user=world.secretariat,
                                                                      institution=world.institution)
    current = services.state(membership)
    services.save_choices(membership, items, fiscal_year, current.publication.version)
    dataset = services.publish(membership)
    cache.clear()
    return dataset


# --- Issued reports (genderseal.reports) --------------------------------------------------

def make_issued_report(world, kind="readiness", parameters=None, audience="assessor", state="done",
                       content=b"%PDF-1.4 issued report"):
    """An issued report of BMA (a stored file when done), built for `audience`'s view."""
    from django.utils import timezone

    from genderseal.reports.models import IssuedReport
    from genderseal.reports.storage import put_bytes

    stored = put_bytes(content) if state == "done" else None
    now = timezone.now()
    return IssuedReport.objects.create(
        institution=world.institution, kind=kind, audience=audience, state=state,
        parameters=parameters or {"round": 1, "format": "pdf", "language": "th", "digits": "arabic"},
        progress=100 if state == "done" else 0, touched_at=now,
        requested_by=world.assessor if audience == "assessor" else world.secretariat,
        storage_name=stored.name if stored else "", sha256=stored.sha256 if stored else "",
        size=stored.size if stored else 0, filename="bma-round-1-readiness.pdf" if stored else "",
        content_type="application/pdf" if stored else "", finished_at=now if stored else None)


# --- Staff survey (genderseal.survey) -----------------------------------------------------

TOKENS = {}  # digest -> token of the links made here: the database keeps only the digest


def token_of(invitation):
    """The token of a link made by `make_survey` (tests only: the system never reads a token back)."""
    return TOKENS[invitation.digest]


def make_survey(world, status="open", responses=(), standard=True, links=3, **fields):
    """A BMA survey with the standard questions and `links` single-use links (their tokens, which the
    database does not keep, in `survey.tokens`).

    `responses` is a list of dicts: {"sex", "age_group", "unit" (code), "value" (every scale
    question), "text"}; they are stored as if answered through used links."""
    import datetime

    from django.utils import timezone

    from genderseal.survey import services
    from genderseal.survey.models import Answer, Invitation, Response, Survey

    now = timezone.now()
    survey = Survey.objects.create(institution=world.institution, title_th="แบบสำรวจทดสอบ", title_en="Test survey",
                                   status=status, opens_at=fields.pop("opens_at", now - datetime.timedelta(days=7)),
                                   closes_at=fields.pop("closes_at", now + datetime.timedelta(days=7)), **fields)
    if standard:
        services.add_standard_questions(survey)
    made = [Invitation.make(survey) for _n in range(links)]
    Invitation.objects.bulk_create(invitation for invitation, _token in made)
    survey.tokens = [token for _invitation, token in made]
    TOKENS.update((invitation.digest, token) for invitation, token in made)
    units = {u.code: u for u in OrgUnit.objects.filter(institution=world.institution)}
    questions = list(survey.questions.all())
    for row in responses:
        response = Response.objects.create(survey=survey, submitted_on=timezone.localdate(), sex=row.get("sex", ""),
                                           age_group=row.get("age_group", ""), unit=units.get(row.get("unit")))
        Answer.objects.bulk_create(
            Answer(response=response, question=q, value=row.get("value", 3) if q.is_likert else None,
                   text="" if q.is_likert else row.get("text", ""))
            for q in questions if q.is_likert or row.get("text"))
        Invitation.make(survey, used=True)[0].save()
    return survey
