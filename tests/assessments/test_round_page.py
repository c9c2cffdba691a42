import pytest
from django.urls import reverse

from genderseal.assessments.models import BenchmarkResult

pytestmark = pytest.mark.django_db


def rows(page):
    return page.count('data-code="')


def round_url(**query):
    url = reverse("round-detail", kwargs={"slug": "bma", "number": 1})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_it_lists_every_benchmark_of_the_round(world, login):
    page = login("secretariat").get(round_url()).content.decode()
    assert rows(page) == 40
    # The wording status is said once, on the framework page, not on every row (it worried officials).
    assert "ถ้อยคำทางการ" not in page and "ถ้อยคำระหว่างจัดทำ" not in page


def test_it_filters_by_dimension_result_and_unit(world, login):
    browser = login("secretariat")
    assert rows(browser.get(round_url(dimension="2")).content.decode()) == 8
    assert rows(browser.get(round_url(result="met")).content.decode()) == 10
    assert rows(browser.get(round_url(unit="21000000")).content.decode()) == 8
    assert rows(browser.get(round_url(dimension="1", result="met")).content.decode()) == 1


def test_it_shows_assessor_comments_and_units(world, login):
    BenchmarkResult.objects.filter(round=world.round, benchmark__code="1.1.1").update(
        assessor_comment="จัดทำแผนการส่งเสริมความเท่าเทียมทางเพศ")
    page = login("focal_point").get(round_url()).content.decode()
    assert "จัดทำแผนการส่งเสริมความเท่าเทียมทางเพศ" in page
    assert "สยป." in page


def test_it_runs_a_fixed_number_of_queries_whatever_the_size(world, login, django_assert_max_num_queries):
    from tests.factories import make_round

    browser = login("secretariat")
    # The first page also reads the standard's own rows, kept for later pages (standards/kept.py).
    with django_assert_max_num_queries(25):
        assert browser.get(round_url()).status_code == 200
    # 14 + the inbox badge, the my-work count, the review progress counts and the history panel: one query each.
    with django_assert_max_num_queries(18) as small:
        assert browser.get(round_url()).status_code == 200
    # More rounds, each with 40 results: the same number of queries.
    for number in range(2, 5):
        make_round(world.institution, world.framework, number=number, met=["1.1.1"])
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert browser.get(round_url()).status_code == 200
