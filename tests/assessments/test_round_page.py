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
    # Session, user, membership, round, results, the units, which results they are responsible for, action
    # items, the history panel, evidence coverage, the inbox badge and the my-work count: one query each.
    # The review counts and the summary are worked out from the results the page holds.
    with django_assert_max_num_queries(12) as small:
        assert browser.get(round_url()).status_code == 200
    # More rounds, each with 40 results: the same number of queries.
    for number in range(2, 5):
        make_round(world.institution, world.framework, number=number, met=["1.1.1"])
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert browser.get(round_url()).status_code == 200


def test_a_unit_without_a_lead_unit_shows_as_a_badge_not_as_text(world, login):
    # Results 1.* name a responsible unit and no lead unit (tests/factories.py).
    page = login("secretariat").get(round_url()).content.decode()
    row = page[page.index('data-code="1.1.1"'):]
    row = row[:row.index("</tr>")]
    assert '<span class="badge" title="' in row and "&lt;span" not in row


def test_each_row_lists_its_units_in_code_order_and_its_action_items(world, login):
    from genderseal.core.models import OrgUnit
    from genderseal.organisation.models import ActionItem

    units = [OrgUnit.objects.create(institution=world.institution, code=code, abbreviation=abbreviation,
                                    name_th=f"หน่วยงาน {abbreviation}") for code, abbreviation in
             (("30000001", "กอ."), ("30000002", "ขอ."), ("30000003", "คอ."))]
    result = BenchmarkResult.objects.get(round=world.round, benchmark__code="2.1.1")
    result.responsible_units.set(reversed(units))
    result.lead_unit = units[1]
    result.assessor_comment = "ยังไม่มีแผน"
    result.save()
    item = ActionItem.objects.create(institution=world.institution, number=7, result=result, title="จัดทำแผน",
                                     owner_unit=units[0], due_on="2026-01-25")
    page = login("secretariat").get(round_url()).content.decode()
    row = page[page.index('data-code="2.1.1"'):]
    row = row[:row.index("</tr>")]
    assert row.index(f'data-testid="lead-unit">{units[1]}<') > 0
    others = [row.index(f'title="{unit.name}">{unit}<') for unit in (units[0], units[2])]
    assert others == sorted(others)  # the other units in code order, after the lead
    assert f"/actions/{item.number}/" in row


def test_the_review_counts_are_the_whole_rounds_whatever_the_filter(world, login):
    from genderseal.assessments.models import ResultState

    BenchmarkResult.objects.filter(round=world.round, benchmark__code__startswith="2.").update(
        state=ResultState.SUBMITTED)
    browser = login("secretariat")
    whole, filtered = (browser.get(url).content.decode() for url in (round_url(), round_url(dimension="3")))

    def submitted(page):
        start = page.index('data-testid="count-submitted">') + len('data-testid="count-submitted">')
        return page[start:page.index("</span>", start)]

    assert rows(filtered) < rows(whole) == 40
    assert submitted(filtered) == submitted(whole) and "8" in submitted(whole)


def test_a_focal_points_page_asks_the_same_queries_however_many_rows_name_units(world, login,
                                                                               django_assert_max_num_queries):
    from genderseal.core.models import OrgUnit

    browser = login("focal_point")
    browser.get(round_url())
    with django_assert_max_num_queries(30) as few:
        assert browser.get(round_url()).status_code == 200
    unit = OrgUnit.objects.get(institution=world.institution, code="21000000")
    for result in BenchmarkResult.objects.filter(round=world.round):
        result.responsible_units.add(unit)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = browser.get(round_url()).content.decode()
    assert rows(page) == 40


def test_a_unit_of_another_institution_is_never_shown(world, login):
    from genderseal.core.models import OrgUnit

    theirs = OrgUnit.objects.create(institution=world.other, code="99000001", abbreviation="นอก.",
                                    name_th="หน่วยงานของสถาบันอื่น")
    BenchmarkResult.objects.get(round=world.round, benchmark__code="2.1.1").responsible_units.add(theirs)
    page = login("secretariat").get(round_url()).content.decode()
    assert rows(page) == 40 and "หน่วยงานของสถาบันอื่น" not in page
