"""The demo tells today's story: the run-up to the external assessment lies ahead of whoever opens it.

The seed's timeline is fixed (evidence sent to UNDP on 25 Jan 2026, the assessors' week 9-13 Feb 2026);
when the demo is loaded later than that, the dates still ahead in the seed (from SEED_NOW on) move by the
same number of days, so the assessors' week starts LEAD days from today and the milestones, interviews
and open action items keep their order and spacing. Every benchmark gets a lead unit: the unit the
seed's evidence tables name for it, otherwise สำนักงาน ก.ก. Idempotent: dates move once (the round keeps
the moved dates), units are only filled where empty.
"""
from datetime import date, timedelta
from pathlib import Path

import yaml
from django.db import transaction
from django.utils import timezone

from genderseal.assessments.models import AssessmentRound, BenchmarkResult
from genderseal.core.models import OrgUnit

SEED_NOW = date(2026, 1, 25)  # the seed's "today": the evidence has just gone to UNDP
SEED_EXTERNAL = date(2026, 2, 9)  # the assessors' week in the seed
LEAD = 21  # days from today to the assessors' week
DEFAULT_UNIT = "03000000"  # สำนักงาน ก.ก., the programme secretariat's unit
EVIDENCE_TABLES = Path(__file__).resolve().parents[1] / "evidence" / "demo_data.yaml"


def offset(today):
    """Days the seed's future moves by: none while the seed's assessors' week is still LEAD days away or more."""
    return max(0, (today + timedelta(days=LEAD) - SEED_EXTERNAL).days)


def lead_units_from_evidence():
    """{benchmark code: unit code} as the seed's evidence tables name them (the first row naming it)."""
    rows = yaml.safe_load(EVIDENCE_TABLES.read_text(encoding="utf-8"))["items"]
    named = {}
    for row in rows:
        for code in row.get("benchmarks", []):
            named.setdefault(code, str(row["unit"]))
    return named


@transaction.atomic
def load_today_demo(institution, today=None):
    today = today or timezone.localdate()
    _lead_units(institution)
    _focal_point_reports(institution, today)
    external = AssessmentRound.objects.filter(institution=institution, number=2, starts_on=SEED_EXTERNAL).first()
    days = offset(today)
    if external is None or not days:
        return
    _move(institution, external, timedelta(days=days))


def _lead_units(institution):
    units = {u.code: u for u in OrgUnit.objects.filter(institution=institution)}
    named = lead_units_from_evidence()
    missing = BenchmarkResult.objects.filter(round__institution=institution, lead_unit=None).select_related("benchmark")
    for result in missing:
        unit = units.get(named.get(result.benchmark.code, DEFAULT_UNIT)) or units.get(DEFAULT_UNIT)
        if unit is None:
            continue
        BenchmarkResult.objects.filter(pk=result.pk, lead_unit=None).update(lead_unit=unit)
        result.responsible_units.add(unit)


def _move(institution, external, delta):
    from genderseal.organisation.models import CLOSED_STATUSES, ActionItem
    from genderseal.readiness.models import InterviewSession, Milestone, MilestoneStatus

    AssessmentRound.objects.filter(pk=external.pk).update(
        starts_on=external.starts_on + delta, ends_on=external.ends_on + delta if external.ends_on else None)
    # After the evidence went in, the seed's stages still lie ahead: the assessors' week, the result.
    for m in Milestone.objects.filter(institution=institution, due_on__gt=SEED_NOW):
        Milestone.objects.filter(pk=m.pk).update(due_on=m.due_on + delta, status=MilestoneStatus.PLANNED,
                                                 ends_on=m.ends_on + delta if m.ends_on else None)
    for session in InterviewSession.objects.filter(institution=institution, held_on__gt=SEED_NOW):
        InterviewSession.objects.filter(pk=session.pk).update(held_on=session.held_on + delta)
    for item in ActionItem.objects.filter(institution=institution, due_on__gte=SEED_NOW).exclude(
            status__in=CLOSED_STATUSES):
        ActionItem.objects.filter(pk=item.pk).update(due_on=item.due_on + delta)


# The focal point's own monthly indicator (a demo assumption: the seed names สยป.'s gender-analysis
# training but gives no figures): reported and approved up to two months ago, so last month's report is due
# now and the month before is overdue.
TRAINING = {"code": "IND-SYP-01", "title_th": "จำนวนบุคลากรที่ผ่านการอบรมการวิเคราะห์มิติทางเพศ",
            "title_en": "Staff trained in gender analysis", "unit_of_measure": "คน"}


def _focal_point_reports(institution, today):
    from datetime import datetime, time

    from genderseal.planning.models import Indicator, PeriodReport, ReportStatus, Value
    from genderseal.thai.dates import fiscal_year
    from genderseal.thai.periods import period_end

    unit = OrgUnit.objects.filter(institution=institution, code="21000000").first()
    if unit is None or Indicator.objects.filter(institution=institution, code=TRAINING["code"]).exists():
        return
    fy = fiscal_year(today).be
    indicator = Indicator.objects.create(institution=institution, owner_unit=unit, first_fy=min(2568, fy),
                                         last_fy=max(2570, fy), by_sex=True, **TRAINING)
    month = today.replace(day=1)
    starts = []
    for back in range(3, 9):  # the six months before the last two
        start = month
        for _ in range(back):
            start = (start - timedelta(days=1)).replace(day=1)
        starts.append(start)
    tz = timezone.get_current_timezone()
    for i, start in enumerate(sorted(starts)):
        sent = timezone.make_aware(datetime.combine(period_end(start, "monthly") + timedelta(days=7), time(10)), tz)
        report = PeriodReport.objects.create(indicator=indicator, period=start, status=ReportStatus.APPROVED,
                                             submitted_at=sent, reviewed_at=sent + timedelta(days=2),
                                             narrative="อบรมตามแผน")
        Value.objects.bulk_create([Value(report=report, option_key="female", number=30 + 3 * i),
                                   Value(report=report, option_key="male", number=18 + 2 * i)])
