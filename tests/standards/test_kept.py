"""A standard's rows kept per process (standards/kept.py): read once, read again after every load."""
import pytest

from genderseal.standards.kept import rows_of
from genderseal.standards.models import Framework

from tests.standards.test_load_service import FRAMEWORKS, load

pytestmark = pytest.mark.django_db


def test_a_standard_is_read_once_then_kept(django_assert_num_queries):
    load()
    framework = Framework.objects.get(code="mini-seal")
    first = rows_of(framework)
    assert [lv.code for lv in first.levels] == ["gold", "silver", "bronze"]
    assert [ref.code for ref in first.standard.benchmarks] == ["1.1.1", "1.1.2", "1.2.1", "2.1.1", "2.1.2"]
    with django_assert_num_queries(0):
        again = rows_of(framework)
    assert again is first


def test_a_load_is_seen_by_the_next_page(django_assert_num_queries):
    load()
    before = rows_of(Framework.objects.get(code="mini-seal"))
    text = (FRAMEWORKS / "mini.yaml").read_text(encoding="utf-8").replace("en: Gold}", "en: Gold medal}")
    load(text=text)
    framework = Framework.objects.get(code="mini-seal")  # what a page reads: its round's framework
    after = rows_of(framework)
    assert after is not before
    assert after.levels[0].label_en == "Gold medal"
    assert before.levels[0].label_en == "Gold"  # a page already holding the old copy keeps a whole standard


def test_a_retired_benchmark_leaves_the_kept_standard():
    load()
    framework = Framework.objects.get(code="mini-seal")
    assert "1.1.2" in [ref.code for ref in rows_of(framework).standard.benchmarks]
    load("mini-v2.yaml")
    codes = [ref.code for ref in rows_of(Framework.objects.get(code="mini-seal")).standard.benchmarks]
    assert codes == ["1.1.1", "1.1.3", "1.2.1", "2.1.1", "2.1.2"]


def test_the_round_page_shows_a_benchmark_added_behind_the_loaders_back(world, login):
    """A benchmark written by something other than a load (a data fix in the shell) still shows on the page."""
    from django.urls import reverse

    from genderseal.assessments.models import BenchmarkResult
    from genderseal.standards.models import Benchmark, Goal

    browser = login("secretariat")
    page = reverse("round-detail", kwargs={"slug": "bma", "number": world.round.number})
    assert browser.get(page).status_code == 200  # the standard is kept now
    goal = Goal.objects.filter(framework=world.framework).first()
    extra = Benchmark.objects.create(framework=world.framework, goal=goal, code="9.9.9", order=999,
                                     title_th="เกณฑ์เพิ่ม", title_en="Added benchmark")
    BenchmarkResult.objects.create(round=world.round, benchmark=extra)
    response = browser.get(page)
    assert response.status_code == 200 and 'data-code="9.9.9"' in response.content.decode()
