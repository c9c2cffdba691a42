import pytest
from django.urls import reverse

from genderseal.assessments.models import AssessmentRound, BenchmarkResult

pytestmark = pytest.mark.django_db


def test_it_starts_a_round_as_a_copy_of_an_earlier_one(world, login):
    BenchmarkResult.objects.filter(round=world.round, benchmark__code="1.1.1").update(response="มีแผนแล้ว")
    response = login("secretariat").post(reverse("round-create", kwargs={"slug": "bma"}), {
        "kind": "self", "title": "ประเมินตนเอง ๒๕๖๘", "starts_on": "2025-01-01", "ends_on": "2025-03-31",
        "copy_from": world.round.pk,
    })
    new = AssessmentRound.objects.get(institution=world.institution, number=2)
    assert response["Location"] == reverse("round-detail", kwargs={"slug": "bma", "number": 2})
    assert new.title == "ประเมินตนเอง 2568"  # Thai digits accepted, stored Arabic
    copied = BenchmarkResult.objects.get(round=new, benchmark__code="1.1.1")
    assert copied.response == "มีแผนแล้ว" and copied.result_code == "not_met"
    assert copied.responsible_units.filter(code="21000000").exists()
    assert new.results.filter(result_code="met").count() == 10


def test_it_refuses_a_round_that_ends_before_it_starts(world, login):
    response = login("secretariat").post(reverse("round-create", kwargs={"slug": "bma"}), {
        "kind": "self", "title": "x", "starts_on": "2025-03-01", "ends_on": "2025-01-01"})
    assert response.status_code == 400
    assert not AssessmentRound.objects.filter(institution=world.institution, number=2).exists()


def test_it_moves_a_round_through_its_statuses_until_closed(world, login):
    browser = login("secretariat")
    url = reverse("round-advance", kwargs={"slug": "bma", "number": 1})
    browser.post(url)
    world.round.refresh_from_db()
    assert world.round.status == "closed"
    page = browser.get(reverse("round-detail", kwargs={"slug": "bma", "number": 1})).content.decode()
    assert "hx-get" not in page  # nothing editable any more


def test_it_compares_two_rounds(world, login):
    from tests.factories import make_round

    make_round(world.institution, world.framework, number=2, met=["1.1.1", "1.1.2", "1.1.3", "1.1.4", "1.2.1",
                                                                   "1.2.2", "1.2.3", "1.2.4", "2.1.1", "2.1.2",
                                                                   "2.1.3"])
    page = login("committee").get(reverse("round-compare", kwargs={"slug": "bma", "number": 2, "other": 1}))
    text = page.content.decode()
    assert "25.0% → <strong>27.5%</strong>" in text
    assert "ดีขึ้น" in text  # improved
