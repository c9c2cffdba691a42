"""Publishing: the choices, the frozen snapshot, what it holds, and that nothing else is reachable."""
import json

import pytest
from django.utils import timezone

from genderseal.assessments.models import RoundStatus
from genderseal.core.models import AuditEvent
from genderseal.opendata import services, snapshot
from genderseal.opendata.models import PublishedDataset
from genderseal.planning.models import Value
from genderseal.standards.models import Benchmark

from .helpers import approved_and_draft, secretariat
from tests.factories import make_planning, make_published, make_round

pytestmark = pytest.mark.django_db
ALL = ("level", "dimensions", "indicators", "reporting")


def public(client, slug="bma"):
    """Everything the public can fetch about `slug`: page, CSV, JSON, DCAT, CKAN and the public API."""
    return {
        "page": client.get(f"/open/{slug}/"),
        "csv": client.get(f"/open/{slug}/data.csv"),
        "json": client.get(f"/open/{slug}/data.json"),
        "dcat": client.get(f"/open/{slug}/dcat.json"),
        "ckan": client.get(f"/open/{slug}/ckan.json"),
        "api": client.get(f"/api/open-data/datasets/{slug}"),
    }


def test_the_snapshot_holds_the_finished_round_and_the_approved_figures(world, client):
    approved_and_draft(make_planning(world))
    make_round(world.institution, world.framework, number=2, status=RoundStatus.OPEN,
               met=[b.code for b in Benchmark.objects.filter(framework=world.framework)])  # open: not stated
    dataset = make_published(world)
    p = dataset.payload
    assert p["items"] == list(ALL) and p["round"]["number"] == 1
    assert p["level"]["code"] is None and p["level"]["percent"] == 25
    assert [d["percent"] for d in p["dimensions"]] == [12.5, 12.5, 50, 25, 25]
    [row] = p["indicators"]["rows"]
    # Approved reports only: the submitted December report (999 women) is not counted.
    assert (row["female"], row["male"], row["other"], row["target"]) == (42, 18, 2, 120)
    assert dataset.sha256 == snapshot.digest(p) and dataset.version == 1
    body = client.get("/open/bma/").content.decode()
    assert "กรุงเทพมหานคร" in body and 'data-code="IND-1"' in body and "999" not in body


def test_a_signed_off_round_gives_the_level(world, client):
    codes = [b.code for b in Benchmark.objects.filter(framework=world.framework).order_by("order")][:26]
    make_round(world.institution, world.framework, number=2, status=RoundStatus.SUBMITTED, met=codes,
               signed_off_at=timezone.now(), locked_at=timezone.now())
    dataset = make_published(world, items=["level"])
    assert dataset.payload["level"]["code"] == "bronze" and dataset.payload["level"]["percent"] == 65
    assert 'data-level="bronze"' in client.get("/open/bma/").content.decode()


@pytest.mark.parametrize("left_out", ALL)
def test_an_item_not_chosen_is_absent_from_every_format(world, client, left_out):
    approved_and_draft(make_planning(world))
    make_published(world, items=[i for i in ALL if i != left_out])
    got = public(client)
    assert all(r.status_code == 200 for r in got.values()), {k: r.status_code for k, r in got.items()}
    page = got["page"].content.decode()
    csv = got["csv"].content.decode("utf-8-sig")
    data, api = got["json"].json(), got["api"].json()
    dcat = json.dumps(got["dcat"].json(), ensure_ascii=False)
    ckan = got["ckan"].json()["result"]
    marks = {"level": ('data-testid="od-level"', ",level,", "level"),
             "dimensions": ('data-testid="od-dimensions"', ",dimension,", "dimensions"),
             "indicators": ('data-testid="od-indicators"', ",indicator,", "indicators"),
             "reporting": ('data-testid="od-reporting"', ",reporting,", "reporting")}
    for item, (on_page, in_csv, key) in marks.items():
        present = item != left_out
        assert (on_page in page) is present, item
        assert (in_csv in csv) is present, item
        assert (key in data) is present and (key in api) is present, item
        assert (item in ckan["extras"][2]["value"].split(",")) is present
    names = {"level": "current level", "dimensions": "results per dimension",
             "indicators": "indicator results by sex", "reporting": "reporting rates"}
    assert names[left_out] not in dcat
    if left_out == "indicators":
        assert "IND-1" not in page + csv + json.dumps(data)
    if left_out in ("level", "dimensions") and "level" not in data and "dimensions" not in data:
        assert "round" not in data


def test_choices_saved_but_not_published_do_not_reach_the_public(world, client):
    make_planning(world)
    make_published(world, items=["level"])
    membership = secretariat(world)
    services.save_choices(membership, ALL, 2568, services.state(membership).publication.version)
    got = public(client)
    assert "indicators" not in got["json"].json() and 'data-testid="od-indicators"' not in got["page"].content.decode()
    services.publish(membership)
    assert "indicators" in client.get("/open/bma/data.json").json()


def test_records_changed_after_publishing_show_only_after_publishing_again(world, client):
    indicator = make_planning(world)
    approved_and_draft(indicator)
    make_published(world, items=["indicators"])
    assert client.get("/open/bma/data.json").json()["indicators"]["rows"][0]["female"] == 42
    Value.objects.filter(report__indicator=indicator, option_key="female").update(number=7777)
    world.round.results.update(result_code="met")
    got = public(client)
    assert ">15,554<" not in got["page"].content.decode() and ",15554," not in got["csv"].content.decode()
    assert got["json"].json()["indicators"]["rows"][0]["female"] == 42
    services.publish(secretariat(world))
    data = client.get("/open/bma/data.json").json()
    assert data["indicators"]["rows"][0]["female"] == 15554 and data["dataset"]["version"] == 2
    assert ">15,554<" in client.get("/open/bma/").content.decode()


def test_unpublish_withdraws_everything(world, client):
    make_published(world)
    assert client.get("/open/bma/").status_code == 200
    services.unpublish(secretariat(world))
    for name, response in public(client).items():
        assert response.status_code == 404, name
    assert b"bma" not in client.get("/open/").content
    assert client.get("/open/catalog.json").json()["dcat:dataset"] == []
    assert client.get("/api/open-data/datasets").json() == []
    dataset = PublishedDataset.objects.get()
    assert dataset.withdrawn_at is not None and not dataset.live


def test_never_published_is_not_found(world, client):
    membership = secretariat(world)
    services.save_choices(membership, ALL, 2568, 1)  # chosen, never published
    for name, response in public(client).items():
        assert response.status_code == 404, name
    assert client.get("/open/nobody/").status_code == 404


def test_institutions_never_mix(world, client):
    make_planning(world)
    make_published(world)
    from genderseal.core.models import Membership

    outsider = Membership.objects.select_related("institution", "user").get(user=world.outsider)
    services.save_choices(outsider, ["level", "dimensions"], None, 1)
    services.publish(outsider)
    other = client.get("/open/other/data.json").json()
    bma = client.get("/open/bma/data.json").json()
    assert other["institution"]["slug"] == "other" and other["level"]["percent"] == 0
    assert bma["level"]["percent"] == 25 and "indicators" not in other
    assert "หน่วยงานอื่น" not in client.get("/open/bma/").content.decode()
    assert "กรุงเทพมหานคร" not in client.get("/open/other/").content.decode()
    catalog = client.get("/open/catalog.json").json()
    assert sorted(d["dct:identifier"] for d in catalog["dcat:dataset"]) == ["gender-seal-bma", "gender-seal-other"]
    assert "IND-1" not in client.get("/open/other/data.csv").content.decode("utf-8-sig")


def test_publishing_again_keeps_one_live_version_and_audits(world):
    make_published(world, items=["level"])
    membership = secretariat(world)
    second = services.publish(membership)
    assert list(PublishedDataset.objects.filter(live=True)) == [second] and second.version == 2
    services.unpublish(membership)
    actions = list(AuditEvent.objects.filter(institution=world.institution, action__startswith="opendata.")
                   .order_by("pk").values_list("action", flat=True))
    assert actions == ["opendata.choices", "opendata.publish", "opendata.publish", "opendata.unpublish"]
    event = AuditEvent.objects.filter(action="opendata.choices").get()
    assert event.actor == world.secretariat and event.detail["after"]["level"] is True


def test_a_stale_choices_form_is_refused(world):
    membership = secretariat(world)
    services.save_choices(membership, ["level"], 2568, 1)
    with pytest.raises(services.StaleEdit):
        services.save_choices(membership, ["indicators"], 2568, 1)
    assert services.state(membership).enabled == ["level"]


def test_nothing_chosen_cannot_be_published(world):
    with pytest.raises(services.NothingToPublish):
        services.publish(secretariat(world))
    assert not PublishedDataset.objects.exists()


def test_the_current_certificate_is_published_with_the_level(world, client):
    from tests.factories import make_certificate

    make_certificate(world.institution, world.framework, level="silver",
                     awarded_on=timezone.localdate() - timezone.timedelta(days=30))
    cert = make_published(world, items=["level"]).payload["level"]["certificate"]
    assert cert["level"] == "silver" and cert["valid_until"] > timezone.localdate().isoformat()
    assert 'data-testid="od-certificate"' in client.get("/open/bma/").content.decode()
