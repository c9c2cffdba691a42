"""Approved indicator reports appear as monitoring evidence on benchmarks 1.1.3 and 1.1.4."""
from datetime import date

import pytest

from genderseal.planning import services

from tests.factories import make_planning, planning_membership

pytestmark = pytest.mark.django_db


def test_approved_reports_feed_1_1_3_and_1_1_4_with_period_and_values(world, login, django_assert_max_num_queries):
    indicator = make_planning(world)
    membership = planning_membership(world)
    approved = services.save_report(membership, indicator, date(2024, 10, 1), {"female": 41, "male": 17}, submit=True)
    services.transition(membership, approved, "approve")
    services.save_report(membership, indicator, date(2024, 11, 1), {"female": 999}, submit=True)  # not approved
    client = login("assessor")
    with django_assert_max_num_queries(30):
        page = client.get("/i/bma/frameworks/test-seal/benchmarks/1.1.4/").content.decode()
    assert page.count('data-testid="planning-evidence-row"') == 1
    assert "41" in page and "17" in page and "58" in page and "999" not in page
    assert "IND-1" in client.get("/i/bma/frameworks/test-seal/benchmarks/1.1.3/").content.decode()
    assert 'data-testid="planning-evidence"' not in client.get(
        "/i/bma/frameworks/test-seal/benchmarks/1.1.1/").content.decode()
