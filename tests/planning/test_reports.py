"""Period reports: the form (one input per sex, Thai digits), approval and locking, disaggregation changes."""
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from genderseal.planning import services
from genderseal.planning.models import Category, CategoryOption, PeriodReport, ReportStatus

from tests.factories import make_planning, planning_membership

pytestmark = pytest.mark.django_db
URL = "/i/bma/plan/indicators/IND-1/report/?fy=2568&month=10"


@pytest.fixture
def indicator(world):
    return make_planning(world)


def test_it_saves_a_month_split_by_sex_accepting_thai_digits(indicator, login):
    client = login("focal_point")
    response = client.post(URL, {"v:female": "๑๒", "v:male": "1,000", "v:other": "", "narrative": "ok",
                                 "submit": "1"})
    assert response.status_code == 302
    report = PeriodReport.objects.get(indicator=indicator, period=date(2024, 10, 1))
    assert report.status == ReportStatus.SUBMITTED and report.submitted_at is not None
    assert dict(report.values.values_list("option_key", "number")) == {"female": 12, "male": 1000}


def test_it_refuses_negative_counts_and_fractions_naming_the_option(indicator, login):
    response = login("focal_point").post(URL, {"v:female": "-1", "v:male": "2.5"})
    assert response.status_code == 400
    assert b'data-testid="error-female"' in response.content and b'data-testid="error-male"' in response.content
    assert not PeriodReport.objects.exists()


def test_it_refuses_an_option_the_indicator_does_not_have_and_a_period_outside_its_frequency(indicator, world):
    membership = planning_membership(world)
    with pytest.raises(services.BadInput) as error:
        services.save_report(membership, indicator, date(2024, 10, 1), {"female|0-14": "3"})
    assert "female|0-14" in error.value.problems
    with pytest.raises(services.BadInput) as error:
        services.save_report(membership, indicator, date(2024, 10, 15), {"female": "3"})
    assert "period" in error.value.problems
    with pytest.raises(services.BadInput):
        services.save_report(membership, indicator, date(2030, 10, 1), {"female": "3"})  # FY2574: outside
    assert not PeriodReport.objects.exists()


def test_focal_points_of_other_units_and_committee_cannot_report(indicator, world, login):
    from genderseal.core.models import OrgUnit

    membership = planning_membership(world, "focal_point")
    membership.units.set(OrgUnit.objects.filter(code="03000000"))
    assert login("focal_point").get(URL).status_code == 404
    assert login("committee").get(URL).status_code == 404


def test_secretariat_approves_and_the_period_locks(indicator, world, login):
    membership = planning_membership(world)
    report = services.save_report(membership, indicator, date(2024, 10, 1), {"female": 5, "male": 4}, submit=True)
    focal = login("focal_point")
    url = "/i/bma/plan/indicators/IND-1/2024-10-01/approve/"
    assert focal.post(url).status_code == 404  # focal points do not approve
    assert login("secretariat").post(url).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    with pytest.raises(services.Locked):
        services.save_report(membership, indicator, date(2024, 10, 1), {"female": 6})
    assert focal.post(URL, {"v:female": "9"}).status_code == 409
    assert report.values.get(option_key="female").number == 5


def test_return_needs_a_reason_and_reopens_for_submission(indicator, world):
    membership = planning_membership(world)
    report = services.save_report(membership, indicator, date(2024, 10, 1), {"female": 5}, submit=True)
    with pytest.raises(services.BadInput):
        services.transition(membership, report, "return")
    services.transition(membership, report, "return", comment="check the numbers")
    assert report.status == ReportStatus.RETURNED
    services.transition(planning_membership(world, "focal_point"), report, "submit")
    assert report.status == ReportStatus.SUBMITTED


def test_a_stale_form_is_refused(indicator, world):
    membership = planning_membership(world)
    report = services.save_report(membership, indicator, date(2024, 10, 1), {"female": 5})
    services.save_report(membership, indicator, date(2024, 10, 1), {"female": 6}, version=report.version)
    with pytest.raises(services.StaleEdit):
        services.save_report(membership, indicator, date(2024, 10, 1), {"female": 7}, version=report.version)


def test_changes_that_would_orphan_values_are_refused(indicator, world):
    membership = planning_membership(world)
    age = Category.objects.create(institution=world.institution, code="age", name_th="ช่วงอายุ", name_en="Age")
    for code in ("0-14", "15-24"):
        CategoryOption.objects.create(category=age, code=code, name_th=code)
    services.save_report(membership, indicator, date(2024, 10, 1), {"female": 5})
    with pytest.raises(services.BadInput):
        services.change_disaggregation(membership, indicator, True, ["age"])  # "female" would be orphaned
    with pytest.raises(services.BadInput):
        services.change_disaggregation(membership, indicator, False, [])
    PeriodReport.objects.all().delete()
    services.change_disaggregation(membership, indicator, True, ["age"])
    assert "female|15-24" in indicator.option_keys()
    services.save_report(membership, indicator, date(2024, 10, 1), {"female|0-14": 2})
    with pytest.raises(services.BadInput):
        services.remove_category_option(membership, age.options.get(code="0-14"))
    services.remove_category_option(membership, age.options.get(code="15-24"))


def test_the_combination_limit_is_data(indicator, world):
    from genderseal.planning.models import PlanningRule

    PlanningRule.objects.create(institution=world.institution, combination_limit=4)
    age = Category.objects.create(institution=world.institution, code="age", name_th="ช่วงอายุ")
    for code in ("a", "b"):
        CategoryOption.objects.create(category=age, code=code, name_th=code)
    with pytest.raises(services.BadInput):
        services.change_disaggregation(planning_membership(world), indicator, True, ["age"])  # 6 > 4


def test_assessors_see_only_approved_reports(indicator, world):
    membership = planning_membership(world)
    services.save_report(membership, indicator, date(2024, 10, 1), {"female": 5}, submit=True)
    assessor = planning_membership(world, "assessor")
    assert not PeriodReport.objects.for_member(assessor).exists()
    services.transition(membership, PeriodReport.objects.get(), "approve")
    assert PeriodReport.objects.for_member(assessor).count() == 1


def test_dashboard_counts_reports_on_time_late_and_missing(indicator, world, login, django_assert_max_num_queries,
                                                           monkeypatch):
    from genderseal.planning import queries, rules

    membership = planning_membership(world)
    tz = timezone.get_current_timezone()
    for month, day in ((date(2024, 10, 1), datetime(2024, 11, 10, tzinfo=tz)),
                       (date(2024, 11, 1), datetime(2025, 1, 20, tzinfo=tz))):
        report = services.save_report(membership, indicator, month, {"female": 10, "male": 5})
        services.transition(membership, report, "submit", now=day)
    rows = queries.reporting(membership, FiscalYearFor(2568), date(2025, 1, 16), rules.Rule(15))
    (row,) = rows
    assert (row.tally.expected, row.tally.received, row.tally.on_time) == (3, 2, 1)
    assert row.points == Decimal("0.75")
    assert queries.late_units(rows)[0].unit.code == "21000000"
    figures = queries.indicator_figures(membership, FiscalYearFor(2568))
    assert figures[0].actual == 30 and figures[0].progress == 25.0 and figures[0].split.female == 20
    client = login("secretariat")
    client.post("/language/", {"language": "en"})
    with django_assert_max_num_queries(21):  # 20 and the my-work count in the navigation
        response = client.get("/i/bma/plan/?fy=2568")
    assert response.status_code == 200
    assert b'data-testid="reporting-rate"' in response.content and b"People served" in response.content


def FiscalYearFor(be):
    from genderseal.thai.dates import FiscalYear

    return FiscalYear(be)


def test_pages_render_with_bounded_queries(indicator, world, login, django_assert_max_num_queries):
    membership = planning_membership(world)
    services.save_report(membership, indicator, date(2024, 10, 1), {"female": 10, "male": 5}, submit=True)
    client = login("secretariat")
    for url in ("/i/bma/plan/plans/", "/i/bma/plan/plans/gap-2568/", "/i/bma/plan/projects/",
                "/i/bma/plan/projects/P-1/?fy=2568", "/i/bma/plan/indicators/IND-1/?fy=2568", URL):
        with django_assert_max_num_queries(20):
            assert client.get(url).status_code == 200, url
    page = client.get("/i/bma/plan/indicators/IND-1/?fy=2568").content.decode()
    assert 'data-testid="target-chart"' in page and 'data-testid="approve"' in page
