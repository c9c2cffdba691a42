"""The demo's committee, working groups, meeting, lead units and UNDP comments as action items."""
import pytest

from genderseal.assessments.models import BenchmarkResult
from genderseal.demo.load import load_demo
from genderseal.organisation.models import ActionItem, Body, Meeting

pytestmark = pytest.mark.django_db


def test_the_demo_turns_each_undp_comment_into_one_action_item_of_its_lead_unit(client):
    institution, _users = load_demo()
    commented = BenchmarkResult.objects.filter(round__institution=institution).exclude(assessor_comment="")
    assert commented.count() == 4
    for result in commented:
        (item,) = ActionItem.objects.filter(result=result)  # exactly one per UNDP comment
        assert item.owner_unit_id == result.lead_unit_id and item.result.round.number == 1
    assert ActionItem.objects.filter(institution=institution, result=None).count() == 0
    owners = sorted((i.result.benchmark.code, i.owner_unit.code, i.status, i.progress_note) for i in
                    ActionItem.objects.select_related("result__benchmark", "owner_unit"))
    assert owners == [("1.1.1", "21000000", "in_progress", "ร่วมกับ สำนักงาน ก.ก."),
                      ("1.1.2", "21000000", "in_progress", "ร่วมกับ สำนักงาน ก.ก."),
                      ("1.1.4", "21000000", "done", "ส่งหลักฐานให้ UNDP แล้วเมื่อ 25 มกราคม 2569"),
                      ("5.1.1", "21000000", "in_progress", "ร่วมกับ สปส.")]
    # The button on each comment opens its item instead of offering a second one.
    client.login(username="secretariat", password="demo-gender-seal")
    page = client.get("/i/bma/rounds/1/").content.decode()
    assert page.count('data-testid="open-action-item"') == 4 and 'data-testid="make-action-item"' not in page
    bodies = {b.code: b for b in Body.objects.filter(institution=institution)}
    assert bodies["committee"].order_number == "4708/2567" and str(bodies["committee"].order_date) == "2024-12-17"
    assert bodies["committee"].seats.filter(role="chair").get().position == "รองผู้ว่าราชการกรุงเทพมหานคร"
    assert {bodies["wg-action-plan"].parent_id, bodies["wg-communication"].parent_id} == {bodies["committee"].pk}
    assert str(Meeting.objects.get(body=bodies["committee"]).held_on) == "2026-02-02"
    leads = dict(BenchmarkResult.objects.filter(round__number__in=[1, 2], lead_unit__isnull=False)
                 .values_list("benchmark__code", "lead_unit__code").distinct())
    # The benchmarks UNDP commented on are led by the first unit it named; the others by the unit the seed's
    # evidence tables name, otherwise สำนักงาน ก.ก. (demo/today.py).
    assert {c: leads[c] for c in ("1.1.1", "1.1.2", "1.1.4", "5.1.1")} == dict.fromkeys(
        ("1.1.1", "1.1.2", "1.1.4", "5.1.1"), "21000000")
    assert len(leads) == 40 and leads["1.1.3"] == "21000000" and leads["2.1.1"] == "03000000"
    # Running it again changes nothing.
    load_demo()
    assert ActionItem.objects.count() == 4 and Body.objects.count() == 3 and Meeting.objects.count() == 1
