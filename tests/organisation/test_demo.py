"""The demo's committee, working groups, meeting, lead units and UNDP comments as action items."""
import pytest

from genderseal.assessments.models import BenchmarkResult
from genderseal.demo.load import load_demo
from genderseal.organisation.models import ActionItem, Body, Meeting

pytestmark = pytest.mark.django_db


def test_the_demo_turns_undp_comments_into_action_items_for_the_named_units():
    institution, _users = load_demo()
    owners = sorted((i.result.benchmark.code, i.owner_unit.code) for i in ActionItem.objects.select_related(
        "result__benchmark", "owner_unit"))
    assert owners == [("1.1.1", "03000000"), ("1.1.1", "21000000"), ("1.1.2", "03000000"), ("1.1.2", "21000000"),
                      ("1.1.4", "21000000"), ("5.1.1", "21000000"), ("5.1.1", "22000000")]
    assert all(i.result.round.number == 1 for i in ActionItem.objects.all())
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
    assert ActionItem.objects.count() == 7 and Body.objects.count() == 3 and Meeting.objects.count() == 1
