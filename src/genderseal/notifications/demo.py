"""Demo: round 2's results get their lead unit (the first unit UNDP named), two results are in
review, and the secretariat's inbox holds the submission. Idempotent."""
from django.contrib.auth import get_user_model

from genderseal.assessments.models import BenchmarkResult, ResultState
from genderseal.core.audit import record

from .models import Notification


def load_review_demo(institution):
    results = list(BenchmarkResult.objects.filter(round__institution=institution, round__number=2, lead_unit=None)
                   .select_related("round", "benchmark").prefetch_related("responsible_units"))
    for result in results:
        units = sorted(result.responsible_units.all(), key=lambda u: u.code)
        if units:
            BenchmarkResult.objects.filter(pk=result.pk).update(lead_unit=units[0])
    focal = get_user_model().objects.filter(username="focal").first()
    secretariat = get_user_model().objects.filter(username="secretariat").first()
    # Once only: other demo steps notify too (evidence submitted...), so look for this step's own notice.
    if focal is None or secretariat is None or Notification.objects.filter(
            institution=institution, recipient=focal, kind="returned").exists():
        return
    demo = {"1.1.1": (ResultState.SUBMITTED, "จัดทำแผนปฏิบัติการด้านความเสมอภาคระหว่างเพศ 2568–2570 แล้ว"),
            "1.1.2": (ResultState.RETURNED, "แนบรายงานผลการดำเนินงานรอบ 6 เดือน")}
    for code, (state, response) in demo.items():
        result = BenchmarkResult.objects.filter(round__institution=institution, round__number=2,
                                                benchmark__code=code).first()
        if result is None:
            continue
        BenchmarkResult.objects.filter(pk=result.pk).update(
            state=state, response=response, submitted_by=focal,
            return_comment="ขอหลักฐานการติดตามผลรายไตรมาส" if state == ResultState.RETURNED else "")
        record(f"result.{'submit' if state == ResultState.SUBMITTED else 'return'}", f"2/{code}",
               institution=institution, actor=focal if state == ResultState.SUBMITTED else secretariat,
               ref=f"assessments.round:{result.round_id}/benchmark:{result.benchmark_id}",
               before={"state": "draft" if state == ResultState.SUBMITTED else "submitted"}, after={"state": state})
    link = f"/i/{institution.slug}/rounds/2/"
    Notification.objects.create(recipient=secretariat, institution=institution, kind="submitted", link=link,
                                params={"actor": focal.get_full_name() or "focal", "code": "1.1.1", "round": 2})
    Notification.objects.create(recipient=focal, institution=institution, kind="returned", link=link,
                                params={"code": "1.1.2", "round": 2, "comment": "ขอหลักฐานการติดตามผลรายไตรมาส"})
