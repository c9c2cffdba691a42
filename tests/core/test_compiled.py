"""core/compiled.py: a query compiled once with stand-ins answers like the query built every time."""
import datetime

import pytest

from genderseal.core import compiled
from genderseal.core.models import Institution

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh():
    compiled.forget()
    yield
    compiled.forget()


def test_compiled_once_then_only_the_values_change(world):
    calls = []

    def build(institution_id, created_since):
        calls.append(institution_id)
        return (Institution.objects.filter(pk=institution_id, created_at__date__gte=created_since)
                .values_list("pk", "slug")[:1])

    long_ago = datetime.date(2000, 1, 1)
    assert compiled.fetch_one("test", build, [world.institution.pk, long_ago]) == (world.institution.pk, "bma")
    assert compiled.fetch_one("test", build, [world.other.pk, long_ago]) == (world.other.pk, "other")
    assert compiled.fetch_one("test", build, [world.other.pk, datetime.date(2999, 1, 1)]) is None
    assert len(calls) == 2 and all(pk > 9_000_000_000_000 for pk in calls)  # the stand-ins, never again
    assert compiled._kept[("default", compiled.connections["default"].vendor, "test")] is not None


def test_a_value_not_passed_as_it_is_makes_the_query_built_every_time(world):
    def build(institution_id, day):
        # The year of the date goes into the SQL, not the date: the parameters do not trace back to it.
        return Institution.objects.filter(pk=institution_id, created_at__year__gte=day.year).values_list("slug")[:1]

    assert compiled.fetch_one("year", build, [world.institution.pk, datetime.date(2000, 5, 1)]) == ("bma",)
    assert compiled.fetch_one("year", build, [world.institution.pk, datetime.date(2999, 5, 1)]) is None
    assert compiled._kept[("default", compiled.connections["default"].vendor, "year")] is None


def test_a_build_that_reads_a_row_through_its_values_is_built_every_time(world):
    def build(institution_id):
        institution = Institution.objects.get(pk=institution_id)  # no such row for a stand-in
        return Institution.objects.filter(slug=institution.slug).values_list("pk")[:1]

    assert compiled.fetch_one("reads", build, [world.other.pk]) == (world.other.pk,)
    key = ("default", compiled.connections["default"].vendor, "reads")
    assert compiled._kept[key] is None


def test_rows_read_through_the_shortcut_are_what_the_orm_gives(world):
    """Dates and times come back as the ORM gives them (SQLite keeps them as text: the converters run)."""
    def build(institution_id):
        return Institution.objects.filter(pk__gte=institution_id).order_by("pk").values_list("pk", "created_at")

    first = compiled.fetch_all("rows", build, [world.institution.pk])
    again = compiled.fetch_all("rows", build, [world.institution.pk])  # from the compiled SQL
    orm = list(build(world.institution.pk))
    assert first == again == orm and len(orm) == 2
    assert isinstance(again[0][1], datetime.datetime) and again[0][1].tzinfo is not None
