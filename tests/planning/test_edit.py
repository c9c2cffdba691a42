"""Create/edit pages: plans, strategies, measures, projects, indicators (targets, disaggregation), the rule,
stale-edit refusal, focal points on their own units' indicators, evidence attached to a period report."""
from datetime import date
from decimal import Decimal

import pytest

from genderseal.planning import services
from genderseal.planning.models import (
    Indicator,
    IndicatorTarget,
    Measure,
    PeriodReport,
    Plan,
    PlanningRule,
    Project,
    Strategy,
)

from tests.factories import make_evidence, make_planning, planning_membership

pytestmark = pytest.mark.django_db
BASE = "/i/bma/plan"


@pytest.fixture
def indicator(world):
    return make_planning(world)


@pytest.fixture
def secretariat(login):
    client = login("secretariat")
    client.post("/language/", {"language": "en"})
    return client


def test_secretariat_creates_a_plan_strategy_measure_and_project(indicator, world, secretariat):
    response = secretariat.post(f"{BASE}/plans/new/", {"code": "gap-2571", "title_th": "แผนใหม่", "first_fy": 2571,
                                                       "last_fy": 2573})
    assert response.status_code == 302
    plan = Plan.objects.get(code="gap-2571")
    assert plan.institution == world.institution and plan.version == 1
    assert secretariat.post(f"{BASE}/plans/gap-2571/strategies/new/", {"code": "2", "title_th": "ก"}).status_code == 302
    assert secretariat.post(f"{BASE}/plans/gap-2571/strategies/2/measures/new/",
                            {"code": "2.1", "title_th": "ข"}).status_code == 302
    measure = Measure.objects.get(strategy__plan=plan, code="2.1")
    unit = indicator.owner_unit
    response = secretariat.post(f"{BASE}/projects/new/", {
        "code": "P-2", "title_th": "โครงการ", "owner_unit": unit.pk, "first_fy": 2571, "last_fy": 2572,
        "budget": "5000", "measure": measure.pk, "gender_marker": "GEN3"})
    assert response.status_code == 302
    assert Project.objects.get(code="P-2").measure == measure
    # Years the wrong way round and a taken code: 400, nothing saved.
    response = secretariat.post(f"{BASE}/plans/new/", {"code": "gap-2571", "title_th": "x", "first_fy": 2572,
                                                       "last_fy": 2571})
    assert response.status_code == 400 and Plan.objects.count() == 2


def test_a_stale_edit_is_refused(indicator, secretariat):
    page = secretariat.get(f"{BASE}/plans/gap-2568/edit/")
    assert page.status_code == 200 and b'name="version"' in page.content
    data = {"code": "gap-2568", "title_th": "ชื่อใหม่", "first_fy": 2568, "last_fy": 2570, "version": 1}
    assert secretariat.post(f"{BASE}/plans/gap-2568/edit/", data).status_code == 302
    assert secretariat.post(f"{BASE}/plans/gap-2568/edit/", {**data, "title_th": "อีกชื่อ"}).status_code == 409
    plan = Plan.objects.get(code="gap-2568")
    assert plan.title_th == "ชื่อใหม่" and plan.version == 2
    strategy = Strategy.objects.get(plan=plan, code="1")
    response = secretariat.post(f"{BASE}/plans/gap-2568/strategies/1/edit/",
                                {"code": "1", "title_th": "x", "version": strategy.version + 1})
    assert response.status_code == 409


def _indicator_data(indicator, **changes):
    data = {"code": indicator.code, "title_th": indicator.title_th, "title_en": indicator.title_en,
            "project": indicator.project_id, "owner_unit": indicator.owner_unit_id,
            "unit_of_measure": indicator.unit_of_measure, "kind": indicator.kind, "direction": indicator.direction,
            "aggregation": indicator.aggregation, "frequency": indicator.frequency, "first_fy": indicator.first_fy,
            "last_fy": indicator.last_fy, "by_sex": "on" if indicator.by_sex else "", "version": indicator.version,
            "t:2568:0": "120"}
    data.update(changes)
    return {k: v for k, v in data.items() if v not in (None, "")}


def test_indicator_targets_per_year_and_quarter_and_no_orphaned_values(indicator, world, secretariat):
    url = f"{BASE}/indicators/IND-1/edit/"
    assert secretariat.get(url).status_code == 200
    response = secretariat.post(url, _indicator_data(indicator, **{"t:2569:0": "๑๕๐", "t:2569:1": "40"}))
    assert response.status_code == 302
    targets = dict(((t.fiscal_year, t.quarter), t.value) for t in IndicatorTarget.objects.filter(indicator=indicator))
    assert targets == {(2568, 0): 120, (2569, 0): 150, (2569, 1): 40}
    indicator.refresh_from_db()
    services.save_report(planning_membership(world), indicator, date(2024, 10, 1), {"female": 3, "male": 2})
    # Dropping the split by sex would orphan the stored female/male values: refused, nothing changed.
    response = secretariat.post(url, _indicator_data(indicator, by_sex="", title_th="เปลี่ยน"))
    assert response.status_code == 400
    # So would quarterly reporting of monthly reports already stored (none on a quarter start here but Oct).
    services.save_report(planning_membership(world), indicator, date(2024, 11, 1), {"female": 1})
    response = secretariat.post(url, _indicator_data(indicator, frequency="quarterly"))
    assert response.status_code == 400
    response = secretariat.post(url, _indicator_data(indicator, first_fy=2569))
    assert response.status_code == 400
    indicator.refresh_from_db()
    assert indicator.by_sex and indicator.frequency == "monthly" and indicator.first_fy == 2568
    assert indicator.title_th == "จำนวนผู้รับบริการ"


def test_secretariat_creates_an_indicator_within_the_combination_limit(indicator, world, secretariat):
    from genderseal.planning.models import Category, CategoryOption

    age = Category.objects.create(institution=world.institution, code="age", name_th="อายุ")
    for n in range(25):
        CategoryOption.objects.create(category=age, code=f"a{n}", name_th=str(n), order=n)
    data = _indicator_data(indicator, code="IND-9", version="", categories=[age.pk])
    data.pop("t:2568:0")
    response = secretariat.post(f"{BASE}/indicators/new/", data)
    assert response.status_code == 400  # 3 sexes x 25 ages = 75 > 60
    assert not Indicator.objects.filter(code="IND-9").exists()
    data["by_sex"] = ""
    assert secretariat.post(f"{BASE}/indicators/new/", data).status_code == 302
    created = Indicator.objects.get(code="IND-9")
    assert not created.by_sex and list(created.categories.values_list("code", flat=True)) == ["age"]


def test_focal_points_edit_targets_and_titles_of_their_own_units_indicators_only(indicator, world, login):
    from genderseal.core.models import OrgUnit

    focal = login("focal_point")
    url = f"{BASE}/indicators/IND-1/edit/"
    other_unit = OrgUnit.objects.filter(institution=world.institution).exclude(pk=indicator.owner_unit_id).first()
    response = focal.post(url, _indicator_data(indicator, baseline="10", owner_unit=other_unit.pk, code="X-1",
                                               **{"t:2568:0": "130"}))
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.baseline == 10 and indicator.owner_unit_id != other_unit.pk and indicator.code == "IND-1"
    assert IndicatorTarget.objects.get(indicator=indicator, fiscal_year=2568, quarter=0).value == 130
    assert focal.get(f"{BASE}/indicators/new/").status_code == 404
    assert focal.get(f"{BASE}/projects/P-1/edit/").status_code == 404
    indicator.owner_unit = other_unit
    indicator.save()
    assert focal.get(url).status_code == 404
    assert login("committee").get(url).status_code == 404


def test_the_rule_page_sets_deadline_days_and_points_and_the_dashboard_follows(indicator, secretariat):
    assert secretariat.get("/i/bma/plan/?fy=2568").status_code == 200  # cached before the change
    response = secretariat.post(f"{BASE}/rule/", {"deadline_days": "20", "missing_points": "1",
                                                  "late_points": "0.5", "combination_limit": "60"})
    assert response.status_code == 302
    rule = PlanningRule.objects.get()
    assert (rule.deadline_days, rule.missing_points, rule.version) == (20, Decimal("1"), 1)
    page = secretariat.get("/i/bma/plan/?fy=2568").content.decode()
    assert "20 days after the period ends" in page
    response = secretariat.post(f"{BASE}/rule/", {"deadline_days": "20", "missing_points": "-1",
                                                  "late_points": "0.5", "combination_limit": "60", "version": 1})
    assert response.status_code == 400


def test_the_dashboard_cache_follows_a_new_report(indicator, world, secretariat):
    first = secretariat.get("/i/bma/plan/?fy=2568").content.decode()
    assert 'data-testid="female">12<' not in first
    services.save_report(planning_membership(world), indicator, date(2024, 10, 1), {"female": 12, "male": 8},
                         submit=True)
    assert 'data-testid="female">12<' in secretariat.get("/i/bma/plan/?fy=2568").content.decode()


def test_evidence_items_are_attached_to_a_period_report(indicator, world, login, django_assert_max_num_queries):
    mine = make_evidence(world.institution, title_th="รายงานการอบรม")
    theirs = make_evidence(world.other, title_th="ของหน่วยงานอื่น")
    focal = login("focal_point")
    url = f"{BASE}/indicators/IND-1/report/?fy=2568&month=10"
    with django_assert_max_num_queries(20):
        page = focal.get(url)
    choices = page.content.decode().split('data-testid="attachments"')[1].split("</select>")[0]
    assert f'value="{mine.pk}"' in choices and f'value="{theirs.pk}"' not in choices
    assert focal.post(url, {"v:female": "3", "attachments": [str(mine.pk)]}).status_code == 302
    report = PeriodReport.objects.get()
    assert list(report.attachments.all()) == [mine]
    response = focal.post(url, {"v:female": "4", "version": report.version, "attachments": [str(theirs.pk)]})
    assert response.status_code == 400
    report.refresh_from_db()
    assert list(report.attachments.all()) == [mine] and report.values.get().number == 3


def test_edit_pages_render_with_bounded_queries(indicator, secretariat, django_assert_max_num_queries):
    for url in (f"{BASE}/plans/new/", f"{BASE}/plans/gap-2568/edit/", f"{BASE}/plans/gap-2568/strategies/1/edit/",
                f"{BASE}/plans/gap-2568/strategies/1/measures/1.1/edit/", f"{BASE}/projects/new/",
                f"{BASE}/projects/P-1/edit/", f"{BASE}/indicators/new/", f"{BASE}/indicators/IND-1/edit/",
                f"{BASE}/rule/"):
        with django_assert_max_num_queries(25):
            assert secretariat.get(url).status_code == 200, url


def test_the_indicator_page_shows_progress_by_quarter_from_received_reports(indicator, world, secretariat):
    membership = planning_membership(world)
    for quarter, value in ((1, 30), (2, 40)):
        IndicatorTarget.objects.create(indicator=indicator, fiscal_year=2568, quarter=quarter, value=value)
    services.save_report(membership, indicator, date(2024, 10, 1), {"female": 10, "male": 5}, submit=True)
    services.save_report(membership, indicator, date(2024, 11, 1), {"female": 3}, submit=True)
    services.save_report(membership, indicator, date(2025, 1, 1), {"female": 99})  # a draft does not count
    page = secretariat.get(f"{BASE}/indicators/IND-1/?fy=2568").content.decode()
    q1 = page.split('data-quarter="1"')[1].split("</tr>")[0]
    q2 = page.split('data-quarter="2"')[1].split("</tr>")[0]
    assert "60.0%" in q1  # (15 + 3) of 30
    assert "–" in q2 and "99" not in q2


def test_after_a_report_the_cached_dashboard_equals_a_fresh_computation(indicator, world, secretariat):
    """A report replaces its unit's stamp only; the parts of other units come from the cache."""
    from django.utils import timezone

    from genderseal.core.models import OrgUnit
    from genderseal.planning import queries, stamps
    from genderseal.thai.dates import FiscalYear

    other_unit = OrgUnit.objects.filter(institution=world.institution).exclude(pk=indicator.owner_unit_id).first()
    other = Indicator.objects.create(institution=world.institution, project=indicator.project, code="IND-2",
                                     title_th="อีกตัว", owner_unit=other_unit, unit_of_measure="คน", first_fy=2568,
                                     last_fy=2568)
    IndicatorTarget.objects.create(indicator=other, fiscal_year=2568, value=50)
    membership = planning_membership(world)
    fy, today, rule = FiscalYear(2568), timezone.localdate(), PlanningRule.for_institution(world.institution.pk)

    def shape(data):
        return ([(r.unit.code, r.tally, r.months, r.points) for r in data["rows"]],
                {name: [(g.key, g.indicators, g.with_target, g.progress_sum, g.split) for g in groups]
                 for name, groups in data["groups"].items()},
                [(f.code, f.split) for f in data["top"]], data["total"])

    assert shape(queries.dashboard(membership, fy, today, rule)) == shape(
        queries.compute_dashboard(membership, fy, today, rule))
    token = stamps.token(world.institution.pk)
    report = services.save_report(membership, other, date(2024, 10, 1), {"female": 30, "male": 5}, submit=True)
    services.transition(membership, report, "approve")
    assert stamps.token(world.institution.pk) == token  # the institution's part stays cached
    cached = queries.dashboard(membership, fy, today, rule)
    assert shape(cached) == shape(queries.compute_dashboard(membership, fy, today, rule))
    assert [f.code for f in cached["top"]] == ["IND-2"] and cached["total"].received == 1


def test_the_heat_map_shows_each_month_received_of_expected(indicator, world, secretariat):
    services.save_report(planning_membership(world), indicator, date(2024, 10, 1), {"female": 2}, submit=True)
    page = secretariat.get("/i/bma/plan/?fy=2568").content.decode()
    row = page.split('data-testid="heatmap"')[1].split(f'data-unit="{indicator.owner_unit.code}"')[1].split("</tr>")[0]
    cells = row.split("<td")[1:13]
    assert 'class="late"' in cells[0] and ">1/1<" in cells[0]  # October, submitted long after its deadline
    assert 'class="missing"' in cells[1] and ">0/1<" in cells[1]
