"""The demo's action plan: the seed's projects, FY2568 values by sex, one unit late and one missing a month."""
from datetime import date

import pytest

from genderseal.demo.load import load_demo
from genderseal.planning import queries
from genderseal.planning.models import Indicator, PeriodReport, Project, Value
from genderseal.thai.dates import FiscalYear

pytestmark = pytest.mark.django_db


def test_the_demo_shows_rates_and_points_lost_and_is_idempotent():
    from genderseal.core.models import Membership

    institution, _users = load_demo()
    assert set(Project.objects.values_list("owner_unit__code", flat=True)) >= {"09000000", "07000000", "08000000",
                                                                                 "16000000"}
    assert Indicator.objects.filter(by_sex=True).count() == 6  # the seed's five and the focal point's own (demo/today.py)
    membership = Membership.objects.get(user__username="secretariat", institution=institution)
    rows = {r.unit.code: r for r in queries.reporting(membership, FiscalYear(2568), date(2025, 12, 1))}
    assert rows["16000000"].tally.missing == 1 and rows["16000000"].tally.late == 0
    assert rows["07000000"].tally.late == 3 and rows["07000000"].tally.missing == 0
    assert rows["09000000"].tally.rate == 100.0 and rows["09000000"].points == 0
    # สนพ. late, สพส. missing a month, and สยป. (its own indicator of demo/today.py has no FY2568 reports)
    assert {r.unit.code for r in queries.late_units(rows.values())} == {"07000000", "16000000", "21000000"}
    counts = (PeriodReport.objects.count(), Value.objects.count())
    load_demo()
    assert (PeriodReport.objects.count(), Value.objects.count()) == counts
