"""Queries whose right plan depends on their values are planned for each run's values (core/plans.py)."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from genderseal.core.plans import custom_plans
from genderseal.evidence.models import SearchDocument
from genderseal.evidence.search import reindex_words

from tests.factories import make_evidence

pytestmark = pytest.mark.django_db


def plan_cache_mode():
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        return cursor.fetchone()[0]


def test_inside_custom_plans_postgresql_plans_every_statement_for_its_values():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL keeps plans (make test-postgres)")
    before = plan_cache_mode()
    with custom_plans():
        assert plan_cache_mode() == "force_custom_plan"
    assert plan_cache_mode() == before == "auto"  # only for the block: pages keep their prepared plans


def test_the_search_documents_holding_a_new_term_are_found_with_a_plan_for_that_term(world):
    """A two-character term has no trigram: a plan kept from longer terms would read the whole index."""
    mine = make_evidence(world.institution, "แผนงบประมาณ ผลการดำเนินงาน")
    make_evidence(world.institution, "รายงานการประชุม")
    with CaptureQueriesContext(connection) as captured:
        reindex_words(world.institution.pk, containing=["ผล"])
    sql = [q["sql"] for q in captured.captured_queries]
    lookup = next(i for i, s in enumerate(sql) if "evidence_searchdocument" in s and "LIKE" in s.upper())
    if connection.vendor == "postgresql":
        assert "force_custom_plan" in sql[lookup - 1]
    holding = set(SearchDocument.objects.filter(body__contains="ผล").values_list("evidence_id", flat=True))
    assert mine.pk in holding
