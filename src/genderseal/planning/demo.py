"""The seed's action plan for the BMA demo: plan 2568-2570, strategic areas, the projects the seed names,
their indicators and FY2568 monthly values split by sex; สนพ. reports late and สพส. misses a month.

Idempotent: running it again changes nothing that is already there.
"""
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from genderseal.core.models import OrgUnit
from genderseal.standards.models import Benchmark
from genderseal.thai.dates import FiscalYear
from genderseal.thai.periods import period_end, periods

from .models import (
    ImportMapping,
    Indicator,
    IndicatorTarget,
    Measure,
    PeriodReport,
    Plan,
    PlanningRule,
    Project,
    ReportStatus,
    SdgTarget,
    StrategicArea,
    Strategy,
    Value,
)

# "9 ด้าน 9 ดี" as in the Bangkok development strategy map (one of two public variants).
AREAS = [("safe", "ปลอดภัยดี", "Safe"), ("transparent", "โปร่งใสดี", "Transparent"),
         ("travel", "เดินทางดี", "Good mobility"), ("environment", "สิ่งแวดล้อมดี", "Good environment"),
         ("health", "สุขภาพดี", "Good health"), ("education", "เรียนดี", "Good education"),
         ("economy", "เศรษฐกิจดี", "Good economy"), ("society", "สังคมดี", "Good society"),
         ("management", "บริหารจัดการดี", "Good management")]

# code, title th/en, unit, area, sdg, marker, budget, indicator (code, th, en, by_sex, yearly target, base per month)
PROJECTS = [
    ("GAP68-01", "สนับสนุนผ้าอนามัยฟรีสำหรับนักเรียนหญิงในโรงเรียนสังกัดกรุงเทพมหานคร",
     "Free sanitary pads for schoolgirls in BMA schools", "09000000", "education", ["5.6", "5.1"], "GEN3", 12000000,
     ("IND68-01", "จำนวนนักเรียนที่ได้รับผ้าอนามัย", "Pupils given sanitary pads", True, 60000, (5200, 0, 40))),
    ("GAP68-02", "คลินิกเพศหลากหลาย (Pride Clinic)", "Pride Clinic", "07000000", "health", ["5.1", "5.6"], "GEN3",
     3500000, ("IND68-02", "จำนวนผู้รับบริการคลินิกเพศหลากหลาย", "Pride Clinic clients", True, 4800, (120, 150, 140))),
    ("GAP68-03", "คลินิกเพศหลากหลายในศูนย์บริการสาธารณสุข", "Pride Clinic in public health centres", "08000000",
     "health", ["5.6"], "GEN3", 2800000,
     ("IND68-03", "จำนวนผู้รับบริการในศูนย์บริการสาธารณสุข", "Health centre Pride Clinic clients", True, 3600,
      (90, 120, 95))),
    ("GAP68-04", "ป้องกันและแก้ไขปัญหาความรุนแรงในครอบครัว", "Preventing domestic and gender-based violence",
     "16000000", "society", ["5.2"], "GEN3", 1500000,
     ("IND68-04", "จำนวนผู้ได้รับความช่วยเหลือจากความรุนแรง", "Survivors of violence assisted", True, 900,
      (60, 12, 4))),
    ("GAP68-05", "วัคซีน HPV ฟรีสำหรับนักเรียนหญิง", "Free HPV vaccine for schoolgirls", "08000000", "health",
     ["5.6"], "GEN3", 9000000,
     ("IND68-05", "จำนวนนักเรียนหญิงที่ได้รับวัคซีน HPV", "Schoolgirls vaccinated against HPV", True, 30000,
      (2600, 0, 0))),
]
# Named in the seed too, without an indicator here: the survey of citizens' views on BMA policy (สปส.).
NAMED = [("GAP68-06", "จ้างที่ปรึกษาสำรวจความคิดเห็น ความพึงพอใจและความต้องการของประชาชนต่อนโยบายกรุงเทพมหานคร",
          "Survey of citizens' views and satisfaction with BMA policies", "22000000", "management", [], "GEN1", None)]
# The seed's Strategy Map counts 32 gender-related projects/activities in FY2568 in five strategic areas
# (health, education, economy, society, management) but names only the ones above: the rest of the
# register is placeholder rows, marked as such, until the real list is imported.
REGISTER_SIZE = 32
PLACEHOLDER_AREAS = ["health", "education", "economy", "society", "management"]
LATE_UNIT, MISSING_UNIT = "07000000", "16000000"
POLICY_TRACKING = "BMA Policy Tracking (ตัวอย่างสมมติ)"
SDG_LINKS = [("IND68-01", "5.6.1", "BMA Policy Tracking", False), ("IND68-02", "5.1.1", "BMA Policy Tracking", False),
             ("IND68-03", "5.1.1", "BMA Policy Tracking", False),
             ("IND68-04", "5.2.1", "ระบบข้อมูลความรุนแรงในครอบครัว กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์", True),
             ("IND68-05", "5.6.1", "BMA Policy Tracking", False)]
FY = FiscalYear(2568)


def _plan(institution):
    plan, _ = Plan.objects.get_or_create(institution=institution, code="gap-2568-2570", defaults={
        "title_th": "แผนปฏิบัติการด้านการส่งเสริมความเท่าเทียมทางเพศของกรุงเทพมหานคร พ.ศ. 2568-2570",
        "title_en": "BMA gender equality action plan 2568-2570 BE", "first_fy": 2568, "last_fy": 2570})
    strategy, _ = Strategy.objects.get_or_create(plan=plan, code="1", defaults={
        "title_th": "บูรณาการมิติเพศในบริการสาธารณะ", "title_en": "Gender in public services"})
    measure, _ = Measure.objects.get_or_create(strategy=strategy, code="1.1", defaults={
        "title_th": "บริการที่ตอบสนองความต้องการเฉพาะของแต่ละเพศ", "title_en": "Services meeting sex-specific needs"})
    return measure


@transaction.atomic
def load_planning_demo(institution):
    PlanningRule.objects.get_or_create(institution=institution)
    areas = {}
    for order, (code, th, en) in enumerate(AREAS, start=1):
        areas[code], _ = StrategicArea.objects.get_or_create(
            institution=institution, variant="9d9d", code=code, defaults={"name_th": th, "name_en": en, "order": order})
    measure = _plan(institution)
    units = {u.code: u for u in OrgUnit.objects.filter(institution=institution)}
    benchmarks = list(Benchmark.objects.filter(code__in=["1.1.3", "1.1.4"], retired=False))
    sdg = {s.code: s for s in SdgTarget.objects.all()}
    for code, th, en, unit, area, targets, marker, budget, ind in PROJECTS:
        if unit not in units:
            continue
        project, created = Project.objects.get_or_create(institution=institution, code=code, defaults={
            "title_th": th, "title_en": en, "owner_unit": units[unit], "first_fy": 2568, "last_fy": 2570,
            "budget": budget, "strategic_area": areas[area], "measure": measure, "gender_marker": marker})
        if created:
            project.sdg_targets.set([sdg[t] for t in targets if t in sdg])
            project.benchmarks.set(benchmarks)
        icode, ith, ien, by_sex, target, base = ind
        indicator, created = Indicator.objects.get_or_create(institution=institution, code=icode, defaults={
            "project": project, "title_th": ith, "title_en": ien, "owner_unit": units[unit],
            "unit_of_measure": "คน", "first_fy": 2568, "last_fy": 2570, "by_sex": by_sex})
        if created:
            IndicatorTarget.objects.bulk_create(IndicatorTarget(indicator=indicator, fiscal_year=fy, value=target)
                                                for fy in (2568, 2569, 2570))
        if not PeriodReport.objects.filter(indicator=indicator).exists():
            _reports(indicator, unit, base)
    _register(institution, areas, units, measure, sdg)
    # SDG indicator codes follow the seed's linkage (5.6 for pads and HPV; violence 5.2; Pride Clinics 5.1).
    # Every indicator is reported in BMA Policy Tracking, which the SDG Profile does not accept; the
    # violence figures are also in the national ministry's system (illustrative), which it does.
    for code, sdg_codes, source, accepted in SDG_LINKS:
        Indicator.objects.filter(institution=institution, code=code, sdg_indicators="").update(
            sdg_indicators=sdg_codes, data_source=source, sdg_accepted=accepted)
    # Policy Tracking's real export format is not available: this mapping fits the invented sample
    # export shipped in static/samples/policy-tracking-sample.csv (marked as such on the page).
    ImportMapping.objects.get_or_create(institution=institution, name=POLICY_TRACKING, defaults={
        "project_column": "รหัสโครงการ", "month_column": "เดือน", "progress_column": "ความก้าวหน้า (%)",
        "narrative_column": "ผลการดำเนินงาน", "value_columns": [
            {"column": "ผลหญิง", "option": "female", "indicator": ""},
            {"column": "ผลชาย", "option": "male", "indicator": ""},
            {"column": "ผลอื่นๆ", "option": "other", "indicator": ""}]})


def _register(institution, areas, units, measure, sdg):
    """The rest of the FY2568 register: the named survey, then placeholders up to the seed's 32.
    Policy Tracking ids are invented (the real ones are not in the seed)."""
    for number, (code, *_rest) in enumerate(PROJECTS, start=1):
        Project.objects.filter(institution=institution, code=code, tracking_id="").update(
            tracking_id=f"PT68-{number:04d}")
    rows = [(code, th, en, unit, area, targets, marker, budget, False) for code, th, en, unit, area, targets, marker,
            budget in NAMED]
    for n in range(len(PROJECTS) + len(NAMED) + 1, REGISTER_SIZE + 1):
        area = PLACEHOLDER_AREAS[n % len(PLACEHOLDER_AREAS)]
        rows.append((f"GAP68-{n:02d}", f"โครงการ/กิจกรรมลำดับที่ {n} ตาม Strategy Map (รอข้อมูลจริง)",
                     f"Project/activity {n} of the Strategy Map (placeholder)", "21000000", area, [], "GEN1", None,
                     True))
    for number, (code, th, en, unit, area, targets, marker, budget, placeholder) in enumerate(
            rows, start=len(PROJECTS) + 1):
        if unit not in units:
            continue
        project, created = Project.objects.get_or_create(institution=institution, code=code, defaults={
            "title_th": th, "title_en": en, "owner_unit": units[unit], "first_fy": 2568, "last_fy": 2568,
            "budget": budget, "strategic_area": areas[area], "measure": measure, "gender_marker": marker,
            "placeholder": placeholder, "tracking_id": f"PT68-{number:04d}"})
        if created and targets:
            project.sdg_targets.set([sdg[t] for t in targets if t in sdg])


def _reports(indicator, unit, base):
    tz = timezone.get_current_timezone()
    months = periods(FY, "monthly")
    values = []
    for i, start in enumerate(months):
        if unit == MISSING_UNIT and i == 5:  # สพส. did not report March 2025
            continue
        days = 25 if unit == LATE_UNIT and i in (2, 3, 7) else 5  # สนพ. late three times
        submitted = timezone.make_aware(datetime.combine(period_end(start, "monthly") + timedelta(days=days),
                                                         time(10)), tz)
        status = ReportStatus.APPROVED if i < 10 else ReportStatus.SUBMITTED
        report = PeriodReport.objects.create(indicator=indicator, period=start, status=status, submitted_at=submitted,
                                             reviewed_at=submitted + timedelta(days=3) if i < 10 else None,
                                             narrative="ดำเนินการตามแผน", progress_percent=Decimal(round((i + 1) * 100 / 12, 1)))
        wave = 1 + ((i * 7) % 5 - 2) / 20
        for key, number in zip(("female", "male", "other"), base):
            values.append(Value(report=report, option_key=key, number=Decimal(int(number * wave))))
    Value.objects.bulk_create(values)
