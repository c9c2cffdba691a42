"""The BMA demo: the seed's "period poverty" worked example as the approved worksheet of the free sanitary
pads project (GAP68-01), one project screened and returned for rework (GAP68-04), one awaiting analysis.

Idempotent: running it again changes nothing that is already there.
"""
from django.db import transaction
from django.utils import timezone

from genderseal.core.models import Membership, Role
from genderseal.planning.models import Indicator, Project
from genderseal.thai.dates import fiscal_year

from .models import Screening, Status, Worksheet

PADS = "GAP68-01"
RETURNED = "GAP68-04"

WORKSHEET = {
    "problem": "ความจนรายเดือน (Period poverty): นักเรียนหญิงที่เข้าไม่ถึงผ้าอนามัยมีโอกาสขาดเรียน 3-5 วัน/เดือน "
               "(ประมาณ 30 วัน/ปี) ทำให้เกิดความเหลื่อมล้ำในการเข้าถึงการศึกษาระหว่างนักเรียนหญิงกับนักเรียนชาย",
    "affected": "นักเรียนหญิงในโรงเรียนสังกัดกรุงเทพมหานคร และผู้ปกครองที่ต้องแบกรับค่าใช้จ่ายผ้าอนามัยของบุตรหลาน",
    "causes": "ค่าใช้จ่ายผ้าอนามัยตกอยู่กับครอบครัวที่มีรายได้น้อย และ กทม. ไม่สามารถของบจาก สปสช. "
              "เพื่อจัดซื้อผ้าอนามัยให้นักเรียนได้เนื่องจากข้อจำกัดทางกฎหมาย",
    "baseline": [
        {"label": "วันขาดเรียนต่อเดือนเมื่อเข้าไม่ถึงผ้าอนามัย", "kind": "count", "women": "5", "men": "0",
         "diverse": "", "source": "ผลวิจัยที่ สยป. อ้างอิงในแผนปฏิบัติการฯ พ.ศ. 2568-2570"},
        {"label": "วันขาดเรียนต่อปีโดยประมาณ", "kind": "count", "women": "30", "men": "0", "diverse": "",
         "source": "ผลวิจัยที่ สยป. อ้างอิงในแผนปฏิบัติการฯ พ.ศ. 2568-2570"},
    ],
    "goals": "นักเรียนหญิงทุกคนในโรงเรียนสังกัด กทม. ได้รับผ้าอนามัยฟรี ไม่มีนักเรียนคนใดขาดเรียนเพราะขาดผ้าอนามัย "
             "(ยุทธศาสตร์ด้านเรียนดี, SDG 5.6)",
    "goal_focus": "principal",
    "effect_women": "นักเรียนหญิงมาเรียนได้ครบทุกวัน ผู้ปกครองลดค่าใช้จ่าย",
    "effect_men": "ไม่มีผลกระทบโดยตรงต่อนักเรียนชาย; ได้รับความรู้เรื่องสุขอนามัยประจำเดือนร่วมกัน",
    "effect_diverse": "นักเรียนที่มีความหลากหลายทางเพศที่มีประจำเดือนขอรับผ้าอนามัยได้อย่างเป็นส่วนตัว",
    "do_no_harm": "แจกผ้าอนามัยอย่างเป็นส่วนตัว ไม่ประกาศรายชื่อผู้รับในชั้นเรียน",
    "data_collected": "จำนวนผ้าอนามัยที่แจกและจำนวนวันขาดเรียน แยกตามเพศ ชั้นเรียน และโรงเรียน",
    "data_by_whom": "โรงเรียนบันทึก สำนักการศึกษา (สนศ.) รวบรวม",
    "data_frequency": "รายเดือน",
    "measure_quantitative": "จำนวนนักเรียนที่ได้รับผ้าอนามัย (IND68-01) และวันขาดเรียนของนักเรียนหญิงเทียบกับค่าฐาน",
    "measure_qualitative": "สำรวจความเห็นนักเรียนและครูภาคเรียนละครั้ง",
    "review_when": "ทุกสิ้นภาคเรียน และในรายงานประจำปี",
}

SCREENING = {
    "international": "yes", "international_note": "SDG เป้าหมายย่อย 5.6 และ CEDAW ข้อ 12 (สุขภาพ)",
    "national": "yes", "national_note": "แผนพัฒนาเศรษฐกิจและสังคมแห่งชาติ",
    "institution_plan": "partly", "institution_plan_note": "ยุทธศาสตร์ด้านสังคมดี; ยังไม่ผูกกับตัวชี้วัดของแผน",
    "leadership": "yes", "leadership_note": "นโยบาย “เมืองน่าอยู่สำหรับทุกคน”",
    "fit": "partly", "fit_note": "ตัวชี้วัดนับผู้ได้รับความช่วยเหลือ แต่ไม่วัดผลลัพธ์ต่อผู้รอดชีวิต",
    "recommendation": "rework", "recommendation_note": "เพิ่มตัวชี้วัดผลลัพธ์แยกเพศก่อนเสนอผู้บริหาร",
}


def _fy(project):
    return min(max(fiscal_year(timezone.localdate()).be, project.first_fy), project.last_fy)


def _people(institution, project):
    """Who signs the demo documents: a focal point of the project's unit (else the secretariat) prepares,
    the secretariat approves."""
    secretariat = (Membership.objects.filter(institution=institution, role=Role.SECRETARIAT)
                   .select_related("user").order_by("pk").first())
    focal = (Membership.objects.filter(institution=institution, role=Role.FOCAL_POINT, units=project.owner_unit_id)
             .select_related("user").order_by("pk").first()) if project else None
    approver = secretariat.user if secretariat else None
    return (focal.user if focal else approver), approver


@transaction.atomic
def load_analysis_demo(institution):
    projects = {p.code: p for p in Project.objects.filter(institution=institution, code__in=[PADS, RETURNED])}
    now = timezone.now()
    pads = projects.get(PADS)
    if pads is not None and not Worksheet.objects.filter(project=pads).exists():
        analyst, approver = _people(institution, pads)
        worksheet = Worksheet.objects.create(
            institution=institution, project=pads, fiscal_year=_fy(pads), status=Status.APPROVED,
            submitted_at=now, reviewed_at=now, submitted_by=analyst, reviewed_by=approver,
            confirmed_marker="GEN3", **WORKSHEET)
        worksheet.indicators.set(Indicator.objects.filter(project=pads))
        Screening.objects.create(
            institution=institution, project=pads, fiscal_year=_fy(pads), status=Status.APPROVED,
            submitted_at=now, reviewed_at=now, submitted_by=approver, reviewed_by=approver, review_comment="เห็นชอบ",
            **{**SCREENING, "institution_plan": "yes", "institution_plan_note": "ยุทธศาสตร์ด้านเรียนดี",
               "international_note": "SDG เป้าหมายย่อย 5.6 และ CEDAW ข้อ 10 (การศึกษา)",
               "fit": "yes", "fit_note": "เป้าหมาย ตัวชี้วัด IND68-01 และการแจกผ้าอนามัยสอดคล้องกัน",
               "recommendation": "approve", "recommendation_note": "เสนอให้ความเห็นชอบ"})
    other = projects.get(RETURNED)
    if other is not None and not Screening.objects.filter(project=other).exists():
        _analyst, approver = _people(institution, None)
        Screening.objects.create(institution=institution, project=other, fiscal_year=_fy(other),
                                 status=Status.RETURNED, submitted_at=now, reviewed_at=now, submitted_by=approver,
                                 reviewed_by=approver,
                                 review_comment="ขอให้เพิ่มตัวชี้วัดผลลัพธ์แยกเพศ", **SCREENING)
    if pads is not None:  # the approved worksheet recorded as evidence of 1.1.2, as the secretariat would
        _record_evidence(institution, Worksheet.objects.filter(project=pads, evidence=None).first())
    # The other projects (e.g. GAP68-02 Pride Clinic) are left awaiting analysis.


def _record_evidence(institution, worksheet):
    from genderseal.core.models import Membership, Role

    from .evidence import record_as_evidence

    membership = (Membership.objects.filter(institution=institution, role=Role.SECRETARIAT)
                  .select_related("institution", "user").first())
    if worksheet is not None and membership is not None:
        record_as_evidence(membership, worksheet)
