"""Ratings: stale edits refused, invisible to the institution until published, then shown with their level."""
import pytest

from genderseal.assessors import services
from genderseal.assessors.models import ExternalRating
from genderseal.core.models import AuditEvent

from tests.factories import make_external_round

pytestmark = pytest.mark.django_db
COMMENT = "Plan covers every dimension"


def rate(client, code="1.1.1", version=0, result="met", comment=COMMENT):
    return client.post(f"/i/bma/assess/rounds/2/rate/{code}/", {"version": version, "result_code": result,
                                                                 "comment": comment}, HTTP_HX_REQUEST="true")


def test_rating_is_saved_and_audited(login, external):
    response = rate(login("assessor"))
    assert response.status_code == 200 and COMMENT in response.content.decode()
    rating = ExternalRating.objects.get(round=external, benchmark__code="1.1.1")
    assert (rating.result_code, rating.version, rating.published_at) == ("met", 1, None)
    event = AuditEvent.objects.get(action="rating.save", target="bma/2/1.1.1")
    assert event.institution is None  # not in the institution's trail before publication
    assert event.detail["after"] == {"result": "met", "comment": COMMENT}


def test_a_stale_rating_edit_is_refused(login, external):
    client = login("assessor")
    assert rate(client).status_code == 200
    assert rate(client, version=1, result="partly_met", comment="second").status_code == 200
    stale = rate(client, version=1, result="not_met", comment="from an old page")
    assert stale.status_code == 409
    new_on_old_page = rate(client, version=0, result="not_met", comment="thought it was new")
    assert new_on_old_page.status_code == 409
    rating = ExternalRating.objects.get(round=external, benchmark__code="1.1.1")
    assert (rating.result_code, rating.comment, rating.version) == ("partly_met", "second", 2)


def test_bad_rating_input_is_refused(login, external):
    client = login("assessor")
    assert rate(client, result="excellent").status_code == 400
    assert rate(client, code="1.1.3").status_code == 404  # a draft the institution has not submitted
    assert not ExternalRating.objects.exists()


def test_ratings_are_invisible_to_the_institution_until_published(world, login, external):
    assessor = login("assessor")
    assert rate(assessor).status_code == 200
    for persona in ("secretariat", "focal_point", "committee"):
        client = login(persona)
        for url in ["/i/bma/assess/rounds/2/results/", "/i/bma/rounds/2/", "/i/bma/", "/i/bma/assess/",
                    "/api/institutions/bma/rounds/2/results", "/api/institutions/bma/assess/rounds/2/ratings",
                    "/i/bma/rounds/2/results.xlsx", "/i/bma/audit/",
                    "/i/bma/audit/?format=csv", "/i/bma/inbox/"]:
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert COMMENT.encode() not in body, (persona, url)
        data = client.get("/api/institutions/bma/assess/rounds/2/ratings").json()
        assert data["published"] is False and data["ratings"] == [] and data["level"] is None
        assert 'data-testid="not-published"' in client.get("/i/bma/assess/rounds/2/results/").content.decode()
    # the assessor sees the draft
    assert COMMENT in assessor.get("/i/bma/assess/rounds/2/results/").content.decode()

    assert assessor.post("/i/bma/assess/rounds/2/publish/").status_code == 302
    assert COMMENT in login("secretariat").get("/i/bma/audit/").content.decode()  # publication is audited
    for persona in ("secretariat", "focal_point", "committee"):
        client = login(persona)
        html = client.get("/i/bma/assess/rounds/2/results/").content.decode()
        assert COMMENT in html and 'data-testid="derived-level"' in html
        data = client.get("/api/institutions/bma/assess/rounds/2/ratings").json()
        assert data["published"] is True
        assert [(r["benchmark"], r["result"], r["comment"]) for r in data["ratings"]] == [("1.1.1", "met", COMMENT)]


def test_published_ratings_are_final(login, external):
    client = login("assessor")
    rate(client)
    client.post("/i/bma/assess/rounds/2/publish/")
    assert client.get("/i/bma/assess/rounds/2/rate/1.1.1/").status_code == 404
    assert rate(client, version=1, result="not_met").status_code == 404
    put = client.put("/api/institutions/bma/assess/rounds/2/ratings/1.1.1",
                     {"result": "not_met", "comment": "", "version": 1}, content_type="application/json")
    assert put.status_code == 409  # locked: published ratings take no more changes
    assert ExternalRating.objects.get().result_code == "met"
    again = client.post("/api/institutions/bma/assess/rounds/2/publish")
    assert again.status_code == 409


def test_publishing_nothing_is_refused(member, external):
    with pytest.raises(services.AssessorError):
        services.publish(member("assessor"), external)


def test_the_level_is_derived_from_published_ratings(world, member, login):
    from genderseal.standards.models import Benchmark

    codes = [b.code for b in Benchmark.objects.filter(framework=world.framework).order_by("order")]
    rnd = make_external_round(world, number=2, submitted=codes, approved=(), thread=False)
    assessor = member("assessor")
    for n, code in enumerate(codes):
        result = services.reviewable_result(assessor, rnd, code)
        services.save_rating(assessor, rnd, result, result_code="met" if n < 29 else "not_met", comment="",
                             expected_version=0)  # 29 of 40 = 72.5 %: silver
    services.publish(assessor, rnd)
    html = login("secretariat").get("/i/bma/assess/rounds/2/results/").content.decode()
    assert 'data-level="silver"' in html
    assert login("secretariat").get("/api/institutions/bma/assess/rounds/2/ratings").json()["level"] == "silver"


def test_api_rating_write_and_stale_refusal(login, external):
    client = login("assessor")
    url = "/api/institutions/bma/assess/rounds/2/ratings/1.1.2"
    first = client.put(url, {"result": "met", "comment": "ok", "version": 0}, content_type="application/json")
    assert first.status_code == 200 and first.json()["version"] == 1
    stale = client.put(url, {"result": "not_met", "comment": "", "version": 0}, content_type="application/json")
    assert stale.status_code == 409
    institution = login("secretariat").put(url, {"result": "met", "comment": "", "version": 1},
                                           content_type="application/json")
    assert institution.status_code == 404


def test_rating_without_javascript(login, external):
    client = login("assessor")
    page = client.get("/i/bma/assess/rounds/2/rate/1.1.2/")
    assert page.status_code == 200 and b"<html" in page.content and b'name="result_code"' in page.content
    saved = client.post("/i/bma/assess/rounds/2/rate/1.1.2/", {"version": 0, "result_code": "met", "comment": ""})
    assert saved.status_code == 302 and saved["Location"] == "/i/bma/assess/rounds/2/"
    assert ExternalRating.objects.get(benchmark__code="1.1.2").result_code == "met"


def test_publication_tells_the_institution(world, login, external):
    from genderseal.notifications.models import Notification

    client = login("assessor")
    rate(client)
    client.post("/i/bma/assess/rounds/2/publish/")
    told = set(Notification.objects.filter(kind="ratings_published").values_list("recipient__username", flat=True))
    assert {"secretariat", "committee"} <= told and "assessor" not in told


def test_assessors_cannot_rate_the_external_round_on_the_round_page(world, external, login, member):
    """On the round page a rating would show to the institution at once: only the workspace rates."""
    from genderseal.assessments import services
    from genderseal.assessments.models import BenchmarkResult

    result = BenchmarkResult.objects.get(round=external, benchmark__code="1.1.1")
    assert services.editable_fields(member("assessor"), result) == set()
    response = login("assessor").post(f"/i/bma/rounds/{external.number}/results/1.1.1/",
                                      {"result_code": "met", "assessor_comment": "x", "version": result.version})
    assert response.status_code == 404
    result.refresh_from_db()
    assert result.result_code in ("", None) and not result.assessor_comment
    with pytest.raises(services.NotAllowed):
        services.update_result(member("assessor"), result, {"result_code": "met"}, result.version)
