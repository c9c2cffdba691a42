import pytest
from django.urls import reverse

from genderseal.core.models import Profile

pytestmark = pytest.mark.django_db


def test_it_speaks_thai_by_default_with_buddhist_era_dates(world, login):
    world.round.result_on = "2024-02-20"
    world.round.save()
    page = login("secretariat").get(reverse("round-list", kwargs={"slug": "bma"})).content.decode()
    assert "รอบการประเมิน" in page
    assert "20 ก.พ. 2567" in page


def test_it_switches_to_english_and_remembers_the_choice_at_next_sign_in(world, login, client):
    browser = login("secretariat")
    response = browser.post(reverse("set-language"), {"language": "en", "next": "/i/bma/rounds/"})
    assert response["Location"] == "/i/bma/rounds/"
    assert Profile.objects.get(user=world.secretariat).language == "en"
    world.round.result_on = "2024-02-20"
    world.round.save()
    page = browser.get("/i/bma/rounds/").content.decode()
    assert "Assessment rounds" in page and "20 Feb 2024" in page

    client.logout()
    client.post(reverse("login"), {"username": "secretariat", "password": "pass-secretariat"})
    assert "Assessment rounds" in client.get("/i/bma/rounds/").content.decode()


def test_it_refuses_to_redirect_elsewhere_after_switching(world, login):
    response = login("secretariat").post(reverse("set-language"), {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"
