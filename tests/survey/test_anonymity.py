"""Issue 14 item 3: the attacks of docs/survey.md ("Threat model"), one test each. Each failed on the
behaviour before anonymity by design (live results, links on pages, no batch record, per-cut rule only)."""
import io
import re

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from genderseal.core.models import AuditEvent, OrgUnit
from genderseal.survey import services
from genderseal.survey.models import LinkBatch, Survey

from tests.factories import make_survey, token_of

pytestmark = pytest.mark.django_db

TWELVE = [{"sex": "female", "value": 4, "unit": "21000000"}] * 6 + [{"sex": "male", "value": 2, "unit": "21000000"}] * 6


def results(login, survey, persona="secretariat"):
    return login(persona).get(f"/api/institutions/bma/surveys/{survey.pk}/results").json()


def answers(survey, value):
    return {f"q{q.pk}": str(value) for q in survey.questions.filter(kind="likert")}


def test_attack_read_before_and_after_one_answer(login, world):
    """While answers can come in, no figure is shown anywhere: the difference would be one person's answer."""
    survey = make_survey(world, status="open", responses=TWELVE)
    before = results(login, survey)
    Client().post(reverse("survey-respond", args=[survey.tokens[0]]), {**answers(survey, 5), "sex": "female"})
    after = results(login, survey)
    assert before["shown"] is False and after["shown"] is False
    assert before["breakdowns"] == after["breakdowns"] == []
    assert all(q["overall"] is None for q in before["questions"] + after["questions"])
    html = login("committee").get(reverse("survey-results", args=["bma", survey.pk])).content.decode()
    assert 'data-testid="not-closed"' in html and 'data-testid="overall"' not in html
    sheets = login("secretariat").get(reverse("survey-results-xlsx", args=["bma", survey.pk])).content
    from openpyxl import load_workbook

    assert len(load_workbook(io.BytesIO(sheets)).sheetnames) == 1  # the survey sheet and its note only
    # Closed, the figures appear, and closing is final: it cannot be reopened for one more answer.
    membership = world.secretariat.memberships.get(institution=world.institution)
    services.move(membership, survey, "close")
    assert results(login, survey)["shown"] is True
    with pytest.raises(services.SurveyError):
        services.move(membership, Survey.objects.get(pk=survey.pk), "open")


def test_attack_fewer_than_ten_responses_show_nothing(login, world):
    nine = make_survey(world, status="closed", responses=TWELVE[:9])
    data = results(login, nine)
    assert data["shown"] is False and data["min_total"] == 10 and data["breakdowns"] == []


def test_attack_mint_links_to_fill_a_small_group(login, world):
    """Links for a unit beyond its staff count are refused; links made again are flagged, and the committee
    sees every batch (who, unit, how many, staff count) beside the results."""
    survey = make_survey(world, status="open", links=0)
    unit = OrgUnit.objects.get(institution=world.institution, code="03000000")
    client = login("secretariat")
    url = reverse("survey-links", args=["bma", survey.pk])
    refused = client.post(url, {"unit": unit.pk, "staff_count": "3", "delivery": "slips", "count": "7"})
    assert refused.status_code == 400 and not survey.invitations.exists()
    assert client.post(url, {"unit": unit.pk, "staff_count": "3", "delivery": "slips", "count": "3"}).status_code == 200
    assert client.post(url, {"unit": unit.pk, "staff_count": "3", "delivery": "slips", "count": "3"}).status_code == 200
    assert list(LinkBatch.objects.filter(survey=survey).values_list("flagged", flat=True)) == [False, True]
    # raising the staff count to make room is flagged too
    assert client.post(url, {"unit": unit.pk, "staff_count": "30", "delivery": "slips", "count": "1"}).status_code == 200
    assert LinkBatch.objects.filter(survey=survey).last().flagged
    Survey.objects.filter(pk=survey.pk).update(status="closed")
    html = login("committee").get(reverse("survey-results", args=["bma", survey.pk])).content.decode()
    listing = html.split('data-testid="batches"')[1]
    assert listing.count("data-batch=") == 3 and 'data-testid="flagged"' in listing
    assert "secretariat" in listing.lower() or world.secretariat.get_full_name() in listing
    assert str(unit) in listing


def test_attack_probe_whether_a_link_was_used(world):
    """The page of a used link is the page of an unused one; a second answer is thanked and not stored."""
    survey = make_survey(world, links=2)
    used, fresh = survey.tokens
    Client().post(reverse("survey-respond", args=[used]), answers(survey, 4))

    def page(token):
        response = Client().get(reverse("survey-respond", args=[token]))
        body = re.sub(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+', r"\1", response.content.decode())
        return response.status_code, body.replace(token, "T")

    assert page(used) == page(fresh)
    again = Client().post(reverse("survey-respond", args=[used]), answers(survey, 1))
    assert again.status_code == 302 and survey.responses.count() == 1


def test_attack_subtract_across_cuts(login, world):
    """Women 6 (5 of them in สยป.), men 6 (all elsewhere): "women minus สยป." would be one woman's answers."""
    people = ([{"sex": "female", "unit": "21000000", "value": 4}] * 5 + [{"sex": "female", "unit": "03000000", "value": 1}]
              + [{"sex": "male", "unit": "03000000", "value": 3}] * 6)
    survey = make_survey(world, status="closed", responses=people)
    data = results(login, survey)
    by = {b["dimension"]: b["groups"] for b in data["breakdowns"]}
    assert [g["key"] for g in by["sex"]] == ["female", "male"]
    assert by["unit"] == []  # either unit row would let "women minus that unit" isolate the one woman
    html = login("committee").get(reverse("survey-results", args=["bma", survey.pk])).content.decode()
    assert 'data-testid="cut-hidden"' in html.split('data-testid="breakdown-unit"')[1].split("</section>")[0]


def test_attack_read_the_tokens(login, world, mailoutbox):
    """No page, export or API of the survey shows a token or a link; the database keeps only digests."""
    survey = make_survey(world, status="open", links=2, responses=TWELVE)
    unit = OrgUnit.objects.get(institution=world.institution, code="21000000")
    client = login("secretariat")
    client.post(reverse("survey-links", args=["bma", survey.pk]),
                {"unit": unit.pk, "staff_count": "40", "delivery": "email", "emails": "a@bangkok.go.th"})
    mailed = re.search(r"/s/([^/\s]+)/", mailoutbox[0].body).group(1)
    tokens = survey.tokens + [mailed]
    Survey.objects.filter(pk=survey.pk).update(status="closed")
    seen = []
    for name in ("survey-list", "survey-detail", "survey-edit", "survey-results", "survey-results-xlsx"):
        kwargs = {"slug": "bma"} if name == "survey-list" else {"slug": "bma", "pk": survey.pk}
        seen.append(client.get(reverse(name, kwargs=kwargs)).content)
    seen.append(client.get("/api/institutions/bma/surveys").content)
    seen.append(client.get(f"/api/institutions/bma/surveys/{survey.pk}/results").content)
    seen.append(client.get(reverse("audit-log", args=["bma"])).content)
    for body in seen:
        assert b"/s/" not in body.replace(b"/s/thanks", b"")
        assert not any(token.encode() in body for token in tokens)
    with connection.cursor() as cursor:
        dumped = []
        for table in ("survey_invitation", "survey_linkbatch", "survey_response", "core_auditevent"):
            cursor.execute(f"SELECT * FROM {table}")
            dumped += [str(value) for row in cursor.fetchall() for value in row]
    assert not any(token in value for token in tokens for value in dumped)
    assert not any("a@bangkok.go.th" in value for value in dumped)  # nor the addresses mailed
    assert AuditEvent.objects.filter(action="survey.links").exists()
    assert client.get(f"/i/bma/survey/{survey.pk}/links/sheet/").status_code == 404  # the sheet of links is gone
    assert token_of(survey.invitations.first())  # (the factory's own record, for tests only)


def test_the_demo_survey_is_closed_shows_results_and_lists_its_batches(login, world):
    from genderseal.survey.demo import load_survey_demo

    load_survey_demo(world.institution)
    survey = Survey.objects.get(institution=world.institution)
    assert survey.status == "closed" and survey.responses.count() == 60
    assert survey.invitations.count() == 80 and survey.invitations.values("digest").distinct().count() == 80
    data = results(login, survey, "committee")
    assert data["shown"] is True
    assert {g["key"] for g in next(b for b in data["breakdowns"] if b["dimension"] == "sex")["groups"]} == {
        "female", "male", "other"}
    html = login("committee").get(reverse("survey-results", args=["bma", survey.pk])).content.decode()
    assert html.split('data-testid="batches"')[1].count("data-batch=") == survey.batches.count() >= 2


def test_a_question_answered_by_fewer_than_five_shows_no_figure(login, world):
    """Twelve responses, but only three answered one question: its mean would be theirs alone."""
    from genderseal.survey.models import Answer

    survey = make_survey(world, status="closed", responses=TWELVE)
    question = survey.questions.filter(kind="likert").order_by("order").first()
    keep = list(Answer.objects.filter(question=question).values_list("pk", flat=True)[:3])
    Answer.objects.filter(question=question).exclude(pk__in=keep).delete()
    data = results(login, survey)
    first = next(q for q in data["questions"] if q["order"] == question.order)["overall"]
    assert first["n"] == 3 and first["mean"] is None and first["counts"] == [0, 0, 0, 0, 0]
    for breakdown in data["breakdowns"]:
        for group in breakdown["groups"]:
            assert group["questions"][0]["mean"] is None
