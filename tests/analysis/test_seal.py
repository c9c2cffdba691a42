"""Benchmark 1.1.2 shows this fiscal year's analysed and screened projects; approved worksheets are evidence."""
import pytest
from django.urls import reverse
from django.utils import timezone

from genderseal.analysis.models import Screening, Worksheet
from genderseal.thai.dates import fiscal_year
from tests.factories import make_planning, make_worksheet

pytestmark = pytest.mark.django_db


def page(client, code):
    return client.get(reverse("benchmark-detail", args=["bma", "test-seal", code]))


def test_benchmark_112_counts_this_years_analyses_and_lists_approved_worksheets(world, login,
                                                                                django_assert_max_num_queries):
    make_planning(world)
    fy = fiscal_year(timezone.localdate()).be
    worksheet = make_worksheet(world, status="approved", fiscal_year=fy)
    Worksheet.objects.filter(pk=worksheet.pk).update(confirmed_marker="GEN3", reviewed_at=timezone.now())
    Screening.objects.create(institution=world.institution, project=worksheet.project, fiscal_year=fy,
                             status="approved")
    Screening.objects.create(institution=world.institution, project=worksheet.project, fiscal_year=fy - 1,
                             status="approved")  # another year: not counted
    client = login("assessor")
    with django_assert_max_num_queries(30):
        response = page(client, "1.1.2")
    content = response.content.decode()
    assert 'data-analysed="1" data-screened="1"' in content
    assert content.count('data-testid="analysis-evidence-row"') == 1
    assert 'data-testid="analysis-evidence"' not in page(client, "1.1.1").content.decode()


def test_drafts_are_not_evidence(world, login):
    make_planning(world)
    make_worksheet(world, status="submitted", fiscal_year=fiscal_year(timezone.localdate()).be)
    content = page(login("secretariat"), "1.1.2").content.decode()
    assert 'data-analysed="0" data-screened="0"' in content
    assert 'data-testid="analysis-evidence-row"' not in content


def test_demo_has_the_period_poverty_worksheet_approved_and_a_returned_screening(db):
    from genderseal.analysis.demo import load_analysis_demo
    from genderseal.demo.load import load_demo

    institution, _users = load_demo()
    worksheet = Worksheet.objects.get(project__code="GAP68-01")
    assert worksheet.status == "approved" and worksheet.confirmed_marker == "GEN3"
    assert worksheet.baseline[0]["women"] == "5" and worksheet.indicators.count() == 1
    assert set(Screening.objects.values_list("project__code", "status")) == {("GAP68-01", "approved"),
                                                                            ("GAP68-04", "returned")}
    load_analysis_demo(institution)  # idempotent
    assert Worksheet.objects.count() == 1 and Screening.objects.count() == 2
    from genderseal.analysis import services
    assert services.suggestion(worksheet, list(worksheet.indicators.all()))[0] == "GEN3"
