"""The BMA demo's staff survey: closed, 60 synthetic responses (fixed seed), before the external assessment.

The groups are chosen so that the rule shows: by sex, the gender-diverse group has 3
responses and is never shown on its own: only pooled with the 2 who did not state their sex
as "other groups" (5); by unit, two small units (3 and 2) are pooled the same way.
Idempotent: the survey is found by its title; responses are only added when it is new.
"""
import random
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from genderseal.core.models import Membership, OrgUnit, Role

from . import services
from .models import Answer, Delivery, Invitation, LinkBatch, Response, Survey, SurveyStatus

SEED = 2568
TITLE_TH = "แบบสำรวจความคิดเห็นของบุคลากรเรื่องความเท่าเทียมทางเพศในที่ทำงาน ปี 2569"
RESPONSES = 60
SEXES = ["female"] * 33 + ["male"] * 22 + ["diverse"] * 3 + [""] * 2
AGES = ["u30"] * 12 + ["30-39"] * 20 + ["40-49"] * 18 + ["50+"] * 10
# Tendency per topic (mean around which answers fall): harassment reporting is the weak spot.
TENDENCY = {"policy-awareness": 3.4, "leadership": 3.9, "fair-treatment": 3.6, "development": 3.8,
            "equal-pay": 3.9, "work-life-balance": 3.2, "flexible-work": 2.9, "facilities": 2.7, "safety": 3.8,
            "harassment-reporting": 2.6, "complaint-trust": 2.9, "inclusion": 3.5}
COMMENTS = ["ควรประชาสัมพันธ์ช่องทางร้องเรียนให้ทั่วถึงมากกว่านี้", "อยากให้มีห้องให้นมบุตรในทุกอาคาร",
            "ควรอบรมผู้บังคับบัญชาเรื่องการใช้ถ้อยคำที่ไม่เหมารวมทางเพศ",
            "ขอให้ผู้ชายลาไปช่วยภรรยาเลี้ยงดูบุตรได้จริงโดยไม่ถูกมองว่าไม่ทุ่มเทงาน",
            "ควรเปิดเผยสถิติเรื่องร้องเรียนแบบไม่ระบุตัวตนทุกปี", "อยากให้มีการทำงานแบบยืดหยุ่นมากขึ้น"]


def _answer(rng, tendency, sex):
    shift = -0.4 if sex == "female" and tendency < 3.0 else 0.0
    value = round(rng.gauss(tendency + shift, 0.95))
    return min(5, max(1, value))


@transaction.atomic
def load_survey_demo(institution):
    if Survey.objects.filter(institution=institution, title_th=TITLE_TH).exists():
        return
    tz = timezone.get_current_timezone()
    units = {u.code: u for u in OrgUnit.objects.filter(institution=institution, parent=None, retired_at=None)}
    owner = units.get("03000000") or next(iter(units.values()), None)
    survey = Survey.objects.create(
        institution=institution, title_th=TITLE_TH,
        title_en="Staff opinion survey on gender equality in the workplace, 2026",
        opens_at=datetime(2026, 1, 5, 8, 30, tzinfo=tz), closes_at=datetime(2026, 1, 23, 16, 30, tzinfo=tz),
        status=SurveyStatus.CLOSED, owner_unit=owner)
    services.add_standard_questions(survey)
    data = services.standard_set()
    survey.intro_th, survey.intro_en = data["intro"]["th"], data["intro"]["en"]
    survey.save(update_fields=["intro_th", "intro_en"])

    rng = random.Random(SEED)
    # Units: the big departments answer most; two small units answer 3 and 2 times (pooled as "other groups").
    plan = [("21000000", 24), ("03000000", 18), ("22000000", 13), ("16000000", 3), ("08000000", 2)]
    unit_list = []
    for code, n in plan:
        unit_list += [units.get(code)] * n
    unit_list = (unit_list + [None] * RESPONSES)[:RESPONSES]
    sexes, ages = SEXES[:], AGES[:]
    rng.shuffle(sexes)
    rng.shuffle(ages)
    rng.shuffle(unit_list)
    questions = list(survey.questions.order_by("order"))
    # Links as the secretariat made them: one batch per unit against its staff count (tokens not kept).
    plan_staff = {"21000000": 30, "03000000": 22, "22000000": 16, "16000000": 6, "08000000": 6}
    secretariat = (Membership.objects.filter(institution=institution, role=Role.SECRETARIAT)
                   .select_related("user").order_by("pk").first())
    for code, staff in plan_staff.items():
        if code in units:
            LinkBatch.objects.create(survey=survey, unit=units[code], delivery=Delivery.EMAIL, count=staff,
                                     staff_count=staff, made_by=secretariat.user if secretariat else None,
                                     made_at=survey.opens_at - timedelta(days=1))
    Invitation.objects.bulk_create(Invitation.make(survey, used=n < RESPONSES)[0] for n in range(80))
    days = (survey.closes_at.date() - survey.opens_at.date()).days
    responses, answers = [], []
    for n in range(RESPONSES):
        response = Response(survey=survey, sex=sexes[n], age_group=ages[n], unit=unit_list[n],
                            submitted_on=survey.opens_at.date() + timedelta(days=rng.randint(0, days)))
        responses.append(response)
        for question in questions:
            if question.is_likert:
                answers.append(Answer(response=response, question=question,
                                      value=_answer(rng, TENDENCY.get(question.topic, 3.5), sexes[n])))
            elif rng.random() < 0.25:
                answers.append(Answer(response=response, question=question, text=rng.choice(COMMENTS)))
    Response.objects.bulk_create(responses)
    Answer.objects.bulk_create(answers)
