"""The BMA demo's committee, working groups, meeting, lead units and action items (seed document).

Idempotent: each record is found by its code or number before it is made; lead units are
set only where none is set yet.
"""
from datetime import date

import yaml
from django.db import transaction
from django.utils import timezone

from genderseal.assessments.models import BenchmarkResult
from genderseal.core.models import OrgUnit
from genderseal.standards.models import Benchmark

from .models import ActionItem, ActionStatus, Body, BodyKind, Meeting, Seat, SeatRole

HEAD = "หัวหน้าหน่วยงาน"
DIRECTOR = "ผู้อำนวยการ"
REPRESENTATIVE = "ผู้แทนหน่วยงาน"

BODIES = [
    {
        "code": "committee", "kind": BodyKind.COMMITTEE, "parent": None,
        "name_th": "คณะกรรมการจัดทำตรารับรองความเสมอภาคทางเพศสำหรับสถาบันภาครัฐ",
        "name_en": "Committee for the Gender Equality Seal for Public Institutions",
        "order_number": "4708/2567", "order_date": date(2024, 12, 17),
        "mandate": "กำหนดแผน กลยุทธ์ และขับเคลื่อนการจัดทำตรารับรองความเท่าเทียมทางเพศสำหรับหน่วยงานรัฐของกรุงเทพมหานคร",
        "benchmarks": ["2.1.1", "2.1.3", "2.3.1"],
        "seats": [
            (SeatRole.CHAIR, "รองผู้ว่าราชการกรุงเทพมหานคร", None),
            (SeatRole.VICE_CHAIR, "รองปลัดกรุงเทพมหานครสั่งราชการสำนักงาน ก.ก.", None),
            *[(SeatRole.MEMBER, HEAD, code) for code in
              ["03000000", "07000000", "09000000", "04000000", "16000000", "21000000", "19000000", "08000000"]],
            (SeatRole.MEMBER, "ผู้ช่วยหัวหน้าสำนักงาน ก.ก.", "03000000"),
            *[(SeatRole.MEMBER, DIRECTOR, code) for code in ["22000000", "23000000", "25000000"]],
            *[(SeatRole.MEMBER, "ผู้เชี่ยวชาญ", code) for code in ["07000000", "08000000", "09000000"]],
            (SeatRole.SECRETARY, "ผู้อำนวยการกองพัฒนาระบบราชการกรุงเทพมหานคร", "03010000"),
        ],
    },
    {
        "code": "wg-action-plan", "kind": BodyKind.WORKING_GROUP, "parent": "committee",
        "name_th": "คณะทำงานจัดทำแผนปฏิบัติการส่งเสริมความเท่าเทียมทางเพศของกรุงเทพมหานคร",
        "name_en": "Working group on the BMA gender equality action plan",
        "order_number": "1/2568", "order_date": date(2025, 3, 6),
        "mandate": "จัดทำแผนปฏิบัติการด้านความเท่าเทียมทางเพศ ชี้แจงข้อมูล กลั่นกรอง และจัดส่งเอกสารหลักฐาน "
                   "รวมถึงรายงานความก้าวหน้าและประเมินผลการดำเนินโครงการ/กิจกรรมตามแผนปฏิบัติการต่อคณะกรรมการฯ",
        "benchmarks": ["2.1.1", "2.1.2"],
        "seats": [
            (SeatRole.CHAIR, "หัวหน้าสำนักงาน ก.ก.", "03000000"),
            *[(SeatRole.MEMBER, REPRESENTATIVE, code) for code in
              ["16000000", "04000000", "21000000", "08000000", "10000000", "24000000", "19000000", "09000000",
               "03000000", "22000000", "23000000"]],
            (SeatRole.MEMBER, "หัวหน้ากลุ่มงานยุทธศาสตร์และประเมินผลด้านการศึกษา พัฒนาสังคม และสร้างสรรค์เมือง",
             "21010000"),
            (SeatRole.SECRETARY, "หัวหน้ากลุ่มงานขับเคลื่อนการบริหารทรัพยากรบุคคล", "03010000"),
        ],
    },
    {
        "code": "wg-communication", "kind": BodyKind.WORKING_GROUP, "parent": "committee",
        "name_th": "คณะทำงานสื่อสารและประชาสัมพันธ์เพื่อส่งเสริมความเท่าเทียมทางเพศของกรุงเทพมหานคร",
        "name_en": "Working group on communication and public relations for gender equality",
        "order_number": "1/2568", "order_date": date(2025, 3, 6),
        "mandate": "จัดทำแผนสื่อสารและประชาสัมพันธ์ จัดทำเอกสารและสื่อประชาสัมพันธ์ จัดทำโครงการหรือกิจกรรม"
                   "เพื่อสร้างการรับรู้ และติดตามและประเมินผลการดำเนินการ",
        "benchmarks": ["2.3.1"],
        "seats": [
            (SeatRole.CHAIR, "หัวหน้าสำนักงาน ก.ก.", "03000000"),
            *[(SeatRole.MEMBER, REPRESENTATIVE, code) for code in ["22000000", "23000000", "03000000"]],
            (SeatRole.SECRETARY, "หัวหน้ากลุ่มงานขับเคลื่อนการบริหารทรัพยากรบุคคล", "03010000"),
        ],
    },
]

MEETING = {
    "title": "การประชุมครั้งที่ 1/2569", "held_on": date(2026, 2, 2),
    "agenda": "- แจ้งรายละเอียดการตรวจประเมินผลจากผู้เชี่ยวชาญภายนอก (9–13 กุมภาพันธ์ 2569)\n"
              "- ข้อมูลและเอกสารหลักฐานที่จัดส่งให้คณะผู้ตรวจประเมินของ UNDP เมื่อวันที่ 25 มกราคม 2569\n"
              "- ข้อมูลสรุปสำหรับผู้เข้ารับการสัมภาษณ์",
}

# Before the evidence went to UNDP (25 Jan 2026); the seed reports the work as done by then
# for the สยป. items and still going for the others (a demo assumption).
DUE = date(2026, 1, 25)
DONE_FOR = {"21000000"}


def _comment_title(code, text):
    first = next((line.lstrip("-• ").strip() for line in text.splitlines() if line.strip()), "")
    return f"{code}: {first}"[:500]


@transaction.atomic
def load_organisation_demo(institution):
    from genderseal.demo.load import SEED

    seed = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    units = {u.code: u for u in OrgUnit.objects.filter(institution=institution)}
    rounds = {r.number: r for r in institution.rounds.all()}
    framework_ids = {r.framework_id for r in rounds.values()}
    benchmarks = {b.code: b for b in Benchmark.objects.current().filter(framework__in=framework_ids)}
    bodies = {}
    for spec in BODIES:
        body = Body.objects.filter(institution=institution, code=spec["code"]).first()
        if body is None:
            body = Body.objects.create(
                institution=institution, code=spec["code"], kind=spec["kind"], parent=bodies.get(spec["parent"]),
                name_th=spec["name_th"], name_en=spec["name_en"], mandate=spec["mandate"],
                order_number=spec["order_number"], order_date=spec["order_date"])
            body.benchmarks.set([benchmarks[c] for c in spec["benchmarks"] if c in benchmarks])
            Seat.objects.bulk_create(
                Seat(body=body, role=role, position=position, unit=units.get(code), order=i)
                for i, (role, position, code) in enumerate(spec["seats"]))
        bodies[spec["code"]] = body
    Meeting.objects.get_or_create(body=bodies["committee"], number=1, defaults=MEETING)

    comments = seed["round1"].get("comments", {})
    results = {(r.round.number, r.benchmark.code): r for r in BenchmarkResult.objects.filter(
        round__institution=institution, benchmark__code__in=list(comments)).select_related("round", "benchmark")}
    for (_number, code), result in results.items():
        first = units.get(comments[code]["units"][0])
        if result.lead_unit_id is None and first is not None:
            BenchmarkResult.objects.filter(pk=result.pk).update(lead_unit=first)
            result.responsible_units.add(first)
    if ActionItem.objects.filter(institution=institution).exists():
        return
    # One action item per UNDP comment, owned by the first unit the comment names (the benchmark's lead
    # unit); the other units named work with it. Done where every unit named had finished by 25 Jan 2026.
    for number, (code, comment) in enumerate(comments.items(), start=1):
        named = [units[c] for c in comment["units"] if c in units]
        done = all(u.code in DONE_FOR for u in named)
        others = ", ".join(u.abbreviation or u.name_th for u in named[1:])
        note = "ส่งหลักฐานให้ UNDP แล้วเมื่อ 25 มกราคม 2569" if done else (
            f"ร่วมกับ {others}" if others else "")
        ActionItem.objects.create(
            institution=institution, number=number, result=results.get((1, code)), owner_unit=named[0],
            title=_comment_title(code, comment["th"]), description=comment["th"], due_on=DUE,
            status=ActionStatus.DONE if done else ActionStatus.IN_PROGRESS, progress_note=note,
            closed_at=timezone.now() if done else None,
        )
