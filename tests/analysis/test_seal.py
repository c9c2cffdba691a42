"""Benchmarks 1.1.2 and 1.1.3 show this fiscal year's analysed and screened projects; approved worksheets and
screening forms are their evidence (1.1.3: projects carrying gender targets only)."""
import pytest
from django.urls import reverse
from django.utils import timezone

from genderseal.analysis.models import Screening, Worksheet
from genderseal.core.models import OrgUnit
from genderseal.planning.models import Indicator, IndicatorTarget, Project
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
    assert content.count('data-testid="screening-evidence-row"') == 2  # both years' approved forms
    assert reverse("analysis-worksheet-pdf", args=["bma", "P-1"]) in content
    assert reverse("analysis-screening-pdf", args=["bma", "P-1"]) + f"?fy={fy - 1}" in content
    assert 'data-testid="analysis-evidence"' not in page(client, "1.1.1").content.decode()


def _approved(world, code, marker, fy, by_sex=True, target=True):
    """An approved worksheet and screening form of project `code` with one indicator (by sex or not)."""
    unit = OrgUnit.objects.get(institution=world.institution, code="21000000")
    project = Project.objects.create(institution=world.institution, code=code, title_th=code, owner_unit=unit,
                                     first_fy=fy, last_fy=fy, gender_marker=marker)
    indicator = Indicator.objects.create(institution=world.institution, project=project, code=f"I-{code}",
                                         title_th="x", owner_unit=unit, unit_of_measure="คน", first_fy=fy,
                                         last_fy=fy, by_sex=by_sex)
    if target:
        IndicatorTarget.objects.create(indicator=indicator, fiscal_year=fy, value=10)
    Worksheet.objects.create(institution=world.institution, project=project, fiscal_year=fy, status="approved",
                             confirmed_marker=marker)
    Screening.objects.create(institution=world.institution, project=project, fiscal_year=fy, status="approved")


def test_benchmark_113_counts_only_projects_carrying_gender_targets(world, login, django_assert_max_num_queries):
    fy = fiscal_year(timezone.localdate()).be
    _approved(world, "G-3", "GEN3", fy)  # gender goal, indicator by sex with a target: counts
    _approved(world, "G-2", "GEN2", fy)  # counts
    _approved(world, "G-1", "GEN1", fy)  # gender considered, no gender goal
    _approved(world, "G-X", "GEN3", fy, by_sex=False)  # no indicator by sex
    _approved(world, "G-Y", "GEN2", fy, target=False)  # by sex but no target
    client = login("committee")
    with django_assert_max_num_queries(30):
        content = page(client, "1.1.3").content.decode()
    assert 'data-analysed="2" data-screened="2"' in content
    rows = [line for line in content.splitlines() if 'data-testid="analysis-evidence-row"' in line]
    assert sorted(r.split('data-code="')[1].split('"')[0] for r in rows) == ["G-2", "G-3"]
    assert content.count('data-testid="screening-evidence-row"') == 2
    content = page(client, "1.1.2").content.decode()  # the mechanism itself: every analysed project
    assert 'data-analysed="5" data-screened="5"' in content


def test_a_marker_confirmed_below_gen2_takes_the_project_out_of_113(world, login):
    fy = fiscal_year(timezone.localdate()).be
    _approved(world, "G-3", "GEN3", fy)
    Project.objects.filter(code="G-3").update(gender_marker="GEN1")
    assert 'data-analysed="0" data-screened="0"' in page(login("secretariat"), "1.1.3").content.decode()


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
    assert worksheet.reviewed_by.username == "secretariat" and worksheet.submitted_by is not None  # signed
    assert not Worksheet.objects.filter(project__code="GAP68-02").exists()  # awaiting analysis
    assert set(Screening.objects.values_list("project__code", "status")) == {("GAP68-01", "approved"),
                                                                            ("GAP68-04", "returned")}
    load_analysis_demo(institution)  # idempotent
    assert Worksheet.objects.count() == 1 and Screening.objects.count() == 2
    from genderseal.analysis import services
    assert services.suggestion(worksheet, list(worksheet.indicators.all()))[0] == "GEN3"
