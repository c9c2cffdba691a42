"""core/prefetch.py: rows a page holds handed to objects as if prefetched: no query when read."""
import pytest

from genderseal.assessments.models import BenchmarkResult
from genderseal.core.models import OrgUnit
from genderseal.core.prefetch import attach

pytestmark = pytest.mark.django_db


def test_attached_rows_answer_all_without_a_query(world, django_assert_num_queries):
    result = BenchmarkResult.objects.filter(round=world.round).first()
    units = list(OrgUnit.objects.filter(institution=world.institution)[:2])
    attach(result, "responsible_units", units)
    with django_assert_num_queries(0):
        assert list(result.responsible_units.all()) == units
        assert result.responsible_units.count() == 2
        assert [u.pk for u in result.responsible_units.all()] == [u.pk for u in units]


def test_they_are_what_prefetch_related_reads(world, django_assert_num_queries):
    result = BenchmarkResult.objects.filter(round=world.round, responsible_units__isnull=False).first()
    prefetched = BenchmarkResult.objects.prefetch_related("responsible_units").get(pk=result.pk)
    plain = BenchmarkResult.objects.get(pk=result.pk)
    attach(plain, "responsible_units", list(OrgUnit.objects.filter(results=result)))
    with django_assert_num_queries(0):
        assert list(plain.responsible_units.all()) == list(prefetched.responsible_units.all())


def test_a_reverse_relation_is_attached_by_its_name(world, django_assert_num_queries):
    result = BenchmarkResult.objects.filter(round=world.round).first()
    attach(result, "action_items", [])
    with django_assert_num_queries(0):
        assert list(result.action_items.all()) == []
