"""Answering through a link: anonymity, the scale, the closing time, one response per single-use link."""
import datetime
import uuid

import pytest
from django.db import connection, models
from django.urls import reverse
from django.utils import timezone

from genderseal.core.models import AuditEvent
from genderseal.survey import services
from genderseal.survey.models import Answer, Invitation, Response, Survey, SurveyQuestion, token_digest

from tests.factories import TOKENS, make_survey, token_of

pytestmark = pytest.mark.django_db


def form(survey, value="4", **extra):
    data = {f"q{q.pk}": value for q in survey.questions.filter(kind="likert")}
    data.update(extra)
    return data


def url(invitation):
    return reverse("survey-respond", args=[token_of(invitation)])


@pytest.fixture
def survey(world):
    return make_survey(world)


def test_the_page_opens_without_signing_in_and_shows_the_questions(client, survey):
    invitation = survey.invitations.first()
    response = client.get(url(invitation))
    assert response.status_code == 200
    page = response.content.decode()
    first = survey.questions.order_by("order").first()
    assert first.text_th in page  # the page is in Thai by default
    assert f'name="q{first.pk}"' in page and 'value="5"' in page
    assert 'name="sex"' in page and 'name="age_group"' in page and 'name="unit"' in page
    assert "สำนักยุทธศาสตร์และประเมินผล" in page  # the institution's units to choose from


def test_an_unknown_token_is_not_found(client, survey):
    assert client.get(reverse("survey-respond", args=["no-such-token-000000000"])).status_code == 404


def test_a_response_is_saved_and_the_link_is_used(client, world, survey):
    invitation = survey.invitations.first()
    unit = world.institution.units.get(code="21000000")
    answer = client.post(url(invitation), form(survey, "5", sex="female", age_group="30-39", unit=str(unit.pk)))
    assert answer.status_code == 302 and answer["Location"] == reverse("survey-thanks")
    saved = Response.objects.get(survey=survey)
    assert (saved.sex, saved.age_group, saved.unit) == ("female", "30-39", unit)
    assert saved.submitted_on == timezone.localdate()
    assert set(saved.answers.values_list("value", flat=True)) == {5}
    invitation.refresh_from_db()
    assert invitation.used


# --- Anonymity -------------------------------------------------------------------------------

def test_a_response_row_has_no_user_token_ip_agent_or_time_column():
    fields = {f.name: f for f in Response._meta.get_fields() if f.concrete}
    assert set(fields) == {"id", "survey", "submitted_on", "sex", "age_group", "unit"}
    for field in fields.values():
        assert not isinstance(field, models.DateTimeField), field.name
        assert not isinstance(field, models.GenericIPAddressField), field.name
        if field.is_relation:
            assert field.related_model.__name__ in ("Survey", "OrgUnit"), field.name
    assert isinstance(fields["id"], models.UUIDField)  # random: the key does not tell the order of arrival
    answer_fields = {f.name for f in Answer._meta.get_fields() if f.concrete}
    assert answer_fields == {"id", "response", "question", "value", "text"}
    assert isinstance(Answer._meta.pk, models.UUIDField)
    # and the link keeps nothing but a used flag: no reference to a response, no time
    invitation_fields = {f.name for f in Invitation._meta.get_fields() if f.concrete}
    assert invitation_fields == {"id", "survey", "digest", "reusable", "used"}  # the token itself is not kept


def test_the_stored_rows_cannot_be_linked_to_the_token(client, survey):
    first, second = survey.invitations.all()[:2]
    events_before = AuditEvent.objects.count()
    client.post(url(first), form(survey, "2", sex="male"))
    client.post(url(second), form(survey, "4", sex="female"))
    assert Response.objects.filter(survey=survey).count() == 2
    with connection.cursor() as cursor:  # every column of every stored row, as the database has it
        dumped = []
        for model in (Response, Answer):
            cursor.execute(f"SELECT * FROM {model._meta.db_table}")
            dumped += [str(value) for row in cursor.fetchall() for value in row]
    for invitation in (first, second):
        assert not any(token_of(invitation) in value for value in dumped)
    # no column of the response table refers to the invitation table
    assert not [f for f in Response._meta.get_fields() if f.is_relation and f.related_model is Invitation]
    # and answering writes no audit event (it would carry a time)
    assert AuditEvent.objects.count() == events_before
    for response in Response.objects.filter(survey=survey):
        assert uuid.UUID(str(response.pk)).version == 4


# --- Refusals --------------------------------------------------------------------------------

def test_an_answer_outside_the_scale_is_refused_and_nothing_is_saved(client, survey):
    invitation = survey.invitations.first()
    question = survey.questions.filter(kind="likert").first()
    for bad in ("6", "0", "-1", "2.5", "many"):
        data = form(survey)
        data[f"q{question.pk}"] = bad
        answer = client.post(url(invitation), data)
        assert answer.status_code == 400
        assert f'data-question="{question.pk}"' in answer.content.decode()
        assert 'class="problem"' in answer.content.decode()
    assert not Response.objects.filter(survey=survey).exists()
    invitation.refresh_from_db()
    assert not invitation.used  # the link can still be used


def test_an_out_of_scale_answer_is_refused_in_the_users_language(client, survey):
    client.post(reverse("set-language"), {"language": "en", "next": "/"})
    invitation = survey.invitations.first()
    question = survey.questions.filter(kind="likert").first()
    data = form(survey)
    data[f"q{question.pk}"] = "7"
    page = client.post(url(invitation), data).content.decode()
    assert "Choose one of the points 1 to 5" in page and question.text_en in page


def test_the_database_refuses_a_value_off_the_scale_too(survey):
    from django.db import IntegrityError, transaction

    response = Response.objects.create(survey=survey, submitted_on=datetime.date(2026, 1, 5))
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(response=response, question=survey.questions.first(), value=6)


def test_unknown_sex_age_group_or_unit_are_refused(client, world, survey):
    invitation = survey.invitations.first()
    other_unit = world.other.units.first()
    for extra in ({"sex": "robot"}, {"age_group": "200+"}, {"unit": str(other_unit.pk)}, {"unit": "x"}):
        assert client.post(url(invitation), form(survey, **extra)).status_code == 400
    assert not Response.objects.exists()


def test_an_empty_response_is_refused(client, survey):
    assert client.post(url(survey.invitations.first()), {"sex": "female"}).status_code == 400
    assert not Response.objects.exists()


def test_after_closing_answers_are_refused(client, world):
    closed = make_survey(world, status="closed")
    answer = client.post(url(closed.invitations.first()), form(closed))
    assert answer.status_code == 409
    assert not Response.objects.exists()
    # and past the closing time even while the status still says open
    late = make_survey(world, closes_at=timezone.now() - datetime.timedelta(minutes=1))
    invitation = late.invitations.first()
    assert client.post(url(invitation), form(late)).status_code == 409
    assert not Response.objects.exists()
    invitation.refresh_from_db()
    assert not invitation.used


def test_closed_message_in_english(client, world):
    closed = make_survey(world, status="closed")
    client.post(reverse("set-language"), {"language": "en", "next": "/"})
    page = client.get(url(closed.invitations.first())).content.decode()
    assert "This survey is closed" in page


def test_a_draft_or_not_yet_open_survey_refuses(client, world):
    draft = make_survey(world, status="draft")
    early = make_survey(world, opens_at=timezone.now() + datetime.timedelta(days=1))
    for survey in (draft, early):
        assert client.post(url(survey.invitations.first()), form(survey)).status_code == 409
    assert not Response.objects.exists()


def test_a_second_submission_from_the_same_link_stores_nothing_and_says_nothing(client, survey):
    invitation = survey.invitations.first()
    assert client.post(url(invitation), form(survey, "5")).status_code == 302
    again = client.post(url(invitation), form(survey, "1"))
    assert again.status_code == 302 and again["Location"] == reverse("survey-thanks")  # as for a first answer
    assert Response.objects.filter(survey=survey).count() == 1
    assert set(Answer.objects.values_list("value", flat=True)) == {5}
    assert 'data-testid="refused"' not in client.get(url(invitation)).content.decode()  # tells nothing


def test_two_submissions_at_once_cannot_both_win(survey):
    """Both requests read the link as unused; the conditional UPDATE lets only the first through."""
    first = Invitation.objects.select_related("survey").get(pk=survey.invitations.first().pk)
    second = Invitation.objects.select_related("survey").get(pk=first.pk)
    assert not first.used and not second.used
    services.submit(first, form(survey, "5"))
    with pytest.raises(services.Refused):
        services.submit(second, form(survey, "1"))  # in memory it still looks unused
    assert Response.objects.filter(survey=survey).count() == 1
    assert set(Answer.objects.values_list("value", flat=True)) == {5}


def test_a_refusal_after_marking_the_link_rolls_the_mark_back(survey, monkeypatch):
    """If the survey closes between the check and the save, nothing is saved and the link stays unused."""
    invitation = Invitation.objects.select_related("survey").get(pk=survey.invitations.first().pk)
    Survey.objects.filter(pk=survey.pk).update(status="closed")  # closed after the page was read
    with pytest.raises(services.Refused):
        services.submit(invitation, form(survey))
    invitation.refresh_from_db()
    assert not invitation.used and not Response.objects.exists()


def test_required_questions_must_be_answered(client, survey):
    question = survey.questions.filter(kind="likert").first()
    SurveyQuestion.objects.filter(pk=question.pk).update(required=True)
    data = form(survey)
    del data[f"q{question.pk}"]
    assert client.post(url(survey.invitations.first()), data).status_code == 400


def test_the_open_link_takes_many_responses_but_asks_a_browser_once(client, world, survey, login):
    from django.test import Client

    open_link, token = Invitation.make(survey, reusable=True)
    open_link.save()
    TOKENS[open_link.digest] = token
    assert client.post(url(open_link), form(survey)).status_code == 302
    assert client.post(url(open_link), form(survey)).status_code == 409  # same browser
    assert Client().post(url(open_link), form(survey)).status_code == 302  # another one
    assert Response.objects.filter(survey=survey).count() == 2
    open_link.refresh_from_db()
    assert not open_link.used


def test_free_text_is_kept_and_long_text_refused(client, survey):
    text_question = survey.questions.get(kind="text")
    invitation = survey.invitations.first()
    too_long = form(survey, **{f"q{text_question.pk}": "ก" * 4001})
    assert client.post(url(invitation), too_long).status_code == 400
    ok = form(survey, **{f"q{text_question.pk}": "ควรมีห้องให้นมบุตร"})
    assert client.post(url(invitation), ok).status_code == 302
    assert Answer.objects.get(question=text_question).text == "ควรมีห้องให้นมบุตร"


def test_the_public_page_fits_a_phone_with_its_own_stylesheet(client, survey):
    from django.contrib.staticfiles import finders

    page = client.get(url(survey.invitations.first())).content.decode()
    assert 'name="viewport"' in page and "css/survey.css" in page
    assert "<style" not in page  # the Content-Security-Policy refuses <style> elements
    assert "@media (max-width: 560px)" in open(finders.find("css/survey.css"), encoding="utf-8").read()


@pytest.mark.django_db(transaction=True)
def test_two_real_concurrent_submissions_on_postgresql():
    """Two threads with their own connections post through the same link at the same moment."""
    import threading

    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL (scripts/test-postgres.sh)")
    from django.db import connections

    from tests.factories import make_world

    world = make_world()
    survey = make_survey(world, links=1)
    token = survey.tokens[0]
    barrier, outcomes = threading.Barrier(2), []

    def answer(value):
        try:
            invitation = Invitation.for_token().get(digest=token_digest(token))
            barrier.wait()
            services.submit(invitation, form(survey, value))
            outcomes.append("saved")
        except services.Refused:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=answer, args=(v,)) for v in ("1", "5")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["refused", "saved"]
    assert Response.objects.filter(survey=survey).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_upgrade_keeps_old_links_working_by_their_digest():
    """Links made before digests: the upgrade replaces each token by its SHA-256, and the link still answers."""
    from django.db.migrations.executor import MigrationExecutor
    from django.test import Client

    from tests.factories import make_world

    world = make_world()
    before, after = [("survey", "0001_initial")], [("survey", "0002_link_digests_and_batches")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    OldSurvey, OldInvitation = old.get_model("survey", "Survey"), old.get_model("survey", "Invitation")
    old_survey = OldSurvey.objects.create(institution_id=world.institution.pk, title_th="เก่า", status="open")
    OldInvitation.objects.create(survey=old_survey, token="old-token-0123456789abcdef")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    invitation = Invitation.objects.get(survey_id=old_survey.pk)
    assert invitation.digest == token_digest("old-token-0123456789abcdef")
    assert Client().get(reverse("survey-respond", args=["old-token-0123456789abcdef"])).status_code == 200
