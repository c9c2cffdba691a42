import pytest
from django.urls import reverse

from tests.factories import make_round

pytestmark = pytest.mark.django_db


def test_it_shows_where_the_institution_stands(world, login):
    page = login("secretariat").get(reverse("dashboard", kwargs={"slug": "bma"})).content.decode()
    assert "25.0%" in page
    assert "ยังไม่ได้รับเหรียญ" in page  # no medal yet
    # Bronze needs 60% of 40 = 24 benchmarks: 14 more.
    assert "เหรียญทองแดง" in page and "14" in page
    for dimension in range(1, 6):
        assert f"มิติที่ {dimension}" in page


def test_it_draws_the_trend_across_rounds(world, login):
    codes = [f"{d}.{g}.{b}" for d in range(1, 6) for g in (1, 2) for b in (1, 2, 3)]  # 30 of 40 = 75%
    make_round(world.institution, world.framework, number=2, met=codes, title="รอบที่สอง")
    page = login("committee").get(reverse("dashboard", kwargs={"slug": "bma"})).content.decode()
    assert "75.0%" in page and "25.0%" in page
    assert "เหรียญเงิน" in page  # 75% is silver; the latest reviewed round is the current one


def test_it_counts_down_to_the_next_round(world, login, settings):
    from datetime import timedelta

    from django.utils import timezone

    make_round(world.institution, world.framework, number=2, status="submitted", kind="external",
               starts_on=timezone.localdate() + timedelta(days=12))
    page = login("secretariat").get(reverse("dashboard", kwargs={"slug": "bma"})).content.decode()
    assert 'data-testid="countdown">12' in page


def test_it_runs_the_same_number_of_queries_whatever_the_number_of_rounds(world, login, django_assert_max_num_queries):
    browser = login("secretariat")
    url = reverse("dashboard", kwargs={"slug": "bma"})
    # 7 + the inbox badge + the evidence coverage + the next readiness milestone + the certificate + the
    # my-work count: one each; the standard's own rows (options, levels, dimensions, benchmarks) are read
    # by the first page only and kept (standards/kept.py).
    with django_assert_max_num_queries(20):
        browser.get(url)
    with django_assert_max_num_queries(13):
        browser.get(url)
    for number in range(2, 8):
        make_round(world.institution, world.framework, number=number, met=["1.1.1"])
    with django_assert_max_num_queries(13):
        assert browser.get(url).status_code == 200


def test_closest_to_the_next_medal_follows_the_candidates_rule_with_links_units_and_states(world, login):
    import re

    from genderseal.assessments import services
    from genderseal.assessments.models import BenchmarkResult
    from genderseal.core.models import OrgUnit

    # Round 2 is where the work happens (not read-only): the lines point at its rows.
    working = make_round(world.institution, world.framework, number=2, status="open", kind="external", met=[])
    unit = OrgUnit.objects.get(institution=world.institution, code="21000000")
    summary = services.summarize_rounds([world.round])[0]
    codes = services.next_medal_codes(summary.summary.next_level)
    assert codes == summary.summary.next_level.candidates[:len(codes)] and len(codes) == 12  # 14 needed, 12 shown
    first = BenchmarkResult.objects.get(round=working, benchmark__code=codes[0])
    BenchmarkResult.objects.filter(pk=first.pk).update(lead_unit=unit, state="submitted")
    page = login("secretariat").get(reverse("dashboard", kwargs={"slug": "bma"})).content.decode()
    shown = re.findall(r'<li data-closest="([^"]+)"><a href="/i/bma/rounds/2/#result-(\d+)"', page)
    assert [code for code, _pk in shown] == codes
    assert shown[0][1] == str(first.pk)
    closest = page.split('data-testid="closest"', 1)[1].split("</ul>", 1)[0]
    assert "สยป." in closest and 'data-state="submitted"' in closest and 'data-state="draft"' in closest


def test_a_round_not_rated_yet_shows_as_such_not_zero(world, login):
    from genderseal.assessments.models import BenchmarkResult

    BenchmarkResult.objects.filter(round=world.round).update(result_code="")
    page = login("secretariat").get(reverse("dashboard", kwargs={"slug": "bma"})).content.decode()
    percent = page.split('data-testid="percent"', 1)[1].split("</div>", 1)[0]
    assert "0.0%" not in percent and "ยังไม่ได้ประเมิน" in percent or "Not rated yet" in percent
    assert 'data-testid="closest-not-rated"' in page
