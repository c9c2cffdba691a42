"""Reference data pages: strategic areas and disaggregation categories with their options.

An option's code is part of stored value keys, so a code in use cannot change and an option in use
cannot be removed; a new option must keep indicators within the combination limit."""
from datetime import date

import pytest

from genderseal.planning import services
from genderseal.planning.models import Category, CategoryOption, PlanningRule, StrategicArea

from tests.factories import make_planning, planning_membership

pytestmark = pytest.mark.django_db
BASE = "/i/bma/plan/reference"


@pytest.fixture
def indicator(world):
    return make_planning(world)


@pytest.fixture
def secretariat(login):
    client = login("secretariat")
    client.post("/language/", {"language": "en"})
    return client


@pytest.fixture
def age(world, indicator):
    """Category "age" (two options) used by IND-1, with a stored value for female|a15."""
    category = Category.objects.create(institution=world.institution, code="age", name_th="ช่วงอายุ", name_en="Age")
    for order, code in enumerate(["a15", "a25"]):
        CategoryOption.objects.create(category=category, code=code, name_th=code, order=order)
    membership = planning_membership(world)
    services.change_disaggregation(membership, indicator, True, ["age"])
    indicator.refresh_from_db()
    services.save_report(membership, indicator, date(2024, 10, 1), {"female|a15": "4"})
    return category


def test_secretariat_adds_and_renames_strategic_areas_per_variant(indicator, world, secretariat):
    page = secretariat.get(f"{BASE}/")
    assert page.status_code == 200 and "Good health" in page.content.decode()
    response = secretariat.post(f"{BASE}/areas/new/", {"variant": "9d9d-2", "code": "health", "name_th": "สุขภาพดี",
                                                       "order": 1})
    assert response.status_code == 302  # same code, other variant: allowed
    assert StrategicArea.objects.filter(institution=world.institution, code="health").count() == 2
    response = secretariat.post(f"{BASE}/areas/new/", {"variant": "9d9d-2", "code": "health", "name_th": "ซ้ำ",
                                                       "order": 2})
    assert response.status_code == 400 and "Another strategic area" in response.content.decode()
    area = StrategicArea.objects.get(institution=world.institution, variant="default")
    data = {"variant": "default", "code": "health", "name_th": "สุขภาพดีทุกวัย", "order": 1, "version": 1}
    assert secretariat.post(f"{BASE}/areas/{area.pk}/edit/", data).status_code == 302
    assert secretariat.post(f"{BASE}/areas/{area.pk}/edit/", {**data, "name_th": "อื่น"}).status_code == 409
    area.refresh_from_db()
    assert area.name_th == "สุขภาพดีทุกวัย" and area.version == 2


def test_focal_points_see_the_reference_data_but_cannot_change_it(indicator, age, login):
    focal = login("focal_point")
    assert focal.get(f"{BASE}/").status_code == 200
    assert focal.post(f"{BASE}/categories/new/", {"code": "district", "name_th": "เขต"}).status_code == 404
    assert not Category.objects.filter(code="district").exists()


def test_an_option_in_use_keeps_its_code_and_cannot_be_removed(age, secretariat):
    used = CategoryOption.objects.get(category=age, code="a15")
    response = secretariat.post(f"{BASE}/categories/age/options/a15/edit/",
                                {"code": "a16", "name_th": "16-24", "order": 0, "version": 1})
    assert response.status_code == 400 and "cannot change" in response.content.decode()
    # Its name may change.
    response = secretariat.post(f"{BASE}/categories/age/options/a15/edit/",
                                {"code": "a15", "name_th": "15-24 ปี", "order": 0, "version": 1})
    assert response.status_code == 302
    used.refresh_from_db()
    assert used.name_th == "15-24 ปี" and used.version == 2
    secretariat.post(f"{BASE}/categories/age/options/a15/remove/")
    assert CategoryOption.objects.filter(pk=used.pk).exists()
    # An option with no stored value goes.
    secretariat.post(f"{BASE}/categories/age/options/a25/remove/")
    assert not CategoryOption.objects.filter(category=age, code="a25").exists()


def test_a_new_option_over_the_combination_limit_is_refused(world, age, secretariat):
    PlanningRule.objects.update_or_create(institution=world.institution, defaults={"combination_limit": 6})
    response = secretariat.post(f"{BASE}/categories/age/options/new/", {"code": "a35", "name_th": "35+", "order": 3})
    assert response.status_code == 400 and "IND-1" in response.content.decode()  # 3 sexes x 3 ages = 9 > 6
    assert not CategoryOption.objects.filter(code="a35").exists()
    response = secretariat.post(f"{BASE}/categories/age/options/new/", {"code": "female", "name_th": "x", "order": 4})
    assert response.status_code == 400  # reserved for the split by sex
    PlanningRule.objects.filter(institution=world.institution).update(combination_limit=60)
    response = secretariat.post(f"{BASE}/categories/age/options/new/", {"code": "a35", "name_th": "35+", "order": 3})
    assert response.status_code == 302 and CategoryOption.objects.filter(code="a35").exists()


def test_another_institution_cannot_reach_the_categories(age, login):
    outsider = login("outsider")
    assert outsider.get(f"{BASE}/categories/age/edit/").status_code == 404


def test_the_reference_page_runs_a_fixed_number_of_queries(world, age, secretariat, django_assert_max_num_queries):
    for n in range(30):
        StrategicArea.objects.create(institution=world.institution, code=f"a{n}", name_th=f"ด้าน {n}", order=n)
        category = Category.objects.create(institution=world.institution, code=f"c{n}", name_th=f"หมวด {n}")
        CategoryOption.objects.create(category=category, code="x", name_th="x")
    with django_assert_max_num_queries(14):
        assert secretariat.get(f"{BASE}/").status_code == 200
