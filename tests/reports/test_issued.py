"""Issued reports: background build with progress, file kept by hash, reuse of a running request, failures,
staleness after a dead worker, scoping, the history page."""
import hashlib
from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from genderseal.core.models import Membership
from genderseal.reports import issuing, renderers
from genderseal.reports.models import IssuedReport

from tests.documents import pdf_text
from tests.factories import make_issued_report

pytestmark = pytest.mark.django_db


def _request(client, **data):
    return client.post(reverse("report-request", kwargs={"slug": "bma"}), data)


def _member(world, persona="secretariat"):
    return Membership.objects.select_related("institution", "user").get(user=getattr(world, persona))


def test_a_requested_report_is_built_in_the_background_and_kept(world, login, django_capture_on_commit_callbacks):
    client = login("committee")
    with django_capture_on_commit_callbacks(execute=True):
        response = _request(client, kind="readiness", round=1, format="pdf", language="th", digits="arabic")
    report = IssuedReport.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/reports/{report.pk}/")
    assert report.state == "done" and report.progress == 100 and report.running_key is None
    assert report.audience == "committee" and report.requested_by == world.committee
    assert report.parameters == {"round": 1, "format": "pdf", "language": "th", "digits": "arabic"}
    assert report.filename == "bma-round-1-readiness.pdf" and report.finished_at
    download = client.get(reverse("report-download", kwargs={"slug": "bma", "pk": report.pk}))
    data = b"".join(download.streaming_content)
    assert hashlib.sha256(data).hexdigest() == report.sha256 and len(data) == report.size
    assert report.storage_name.endswith(report.sha256)  # content-addressed
    text, _reader = pdf_text(data)
    assert "1.1.1" in text and "กรุงเทพมหานคร" in text
    page = client.get(reverse("report-detail", kwargs={"slug": "bma", "pk": report.pk})).content.decode()
    assert 'data-testid="report-download"' in page and report.sha256[:12] in page


def test_the_same_content_is_stored_once_and_never_overwritten(world):
    from genderseal.reports.storage import get_store, put_bytes

    first, second = put_bytes(b"same bytes"), put_bytes(b"same bytes")
    assert first == second
    other = put_bytes(b"other bytes")
    assert other.name != first.name
    with get_store().open(first.name) as handle:
        assert handle.read() == b"same bytes"


def test_a_request_while_the_same_is_running_reuses_it(world, login):
    client = login("secretariat")
    first = _request(client, kind="comparison", round=1, other=1)  # refused: the same round twice
    assert first.status_code == 400 and 'value="comparison" selected' in first.content.decode()
    assert not IssuedReport.objects.exists()
    # No on-commit callbacks run here: the first report stays queued.
    _request(client, kind="readiness", round=1, format="docx")
    _request(client, kind="readiness", round=1, format="docx")
    report = IssuedReport.objects.get()
    assert report.state == "queued" and report.running_key
    IssuedReport.objects.filter(pk=report.pk).update(state="running", progress=40)
    again = _request(client, kind="readiness", round=1, format="docx", language="th")
    assert again["Location"].endswith(f"/reports/{report.pk}/") and IssuedReport.objects.count() == 1
    # Another format, or another role's view of the same, is another report.
    _request(client, kind="readiness", round=1, format="pdf")
    _request(login("committee"), kind="readiness", round=1, format="docx")
    assert IssuedReport.objects.count() == 3


def test_two_requests_racing_for_the_same_key_end_with_one_report(world, monkeypatch):
    membership = _member(world)
    winner, created = issuing.request(membership, "results_xlsx", {"round": 1})
    assert created
    # The second request did not see the first one when it looked (it committed in between):
    # every lookup before its insert finds nothing, however it is written, so the insert is tried,
    # the unique running key refuses it, and the request must fall back to the winner.
    real_filter, real_create, attempts = IssuedReport.objects.filter, IssuedReport.objects.create, []

    def blind(*args, **kwargs):
        return real_filter(*args, **kwargs) if attempts else IssuedReport.objects.none()

    def create(**kwargs):
        try:
            return real_create(**kwargs)
        except IntegrityError as error:
            attempts.append(error)
            raise

    monkeypatch.setattr(IssuedReport.objects, "filter", blind)
    monkeypatch.setattr(IssuedReport.objects, "create", create)
    loser, created = issuing.request(membership, "results_xlsx", {"round": 1})
    assert len(attempts) == 1, "the race branch did not run: the insert was never refused"
    assert not created and loser.pk == winner.pk and IssuedReport.objects.count() == 1


def test_a_failure_is_recorded_and_the_report_may_be_requested_again(world, login, monkeypatch,
                                                                      django_capture_on_commit_callbacks):
    def broken(report, membership, step):
        step(30)
        raise RuntimeError("WeasyPrint ran out of memory")

    monkeypatch.setattr(renderers, "render", broken)
    client = login("secretariat")
    with django_capture_on_commit_callbacks(execute=True):
        _request(client, kind="readiness", round=1)
    report = IssuedReport.objects.get()
    assert report.state == "failed" and report.running_key is None and report.finished_at
    assert "out of memory" in report.error and not report.storage_name
    page = client.get(reverse("report-detail", kwargs={"slug": "bma", "pk": report.pk})).content.decode()
    assert 'data-testid="report-error"' in page and "out of memory" in page
    assert client.get(reverse("report-download", kwargs={"slug": "bma", "pk": report.pk})).status_code == 404
    _request(client, kind="readiness", round=1)
    assert IssuedReport.objects.filter(state="queued").count() == 1


def test_a_report_left_running_by_a_dead_worker_becomes_failed(world, settings):
    settings.REPORTS_STALE_MINUTES = 15
    membership = _member(world)
    report, _created = issuing.request(membership, "readiness", {"round": 1})
    now = timezone.now()
    IssuedReport.objects.filter(pk=report.pk).update(state="running", progress=40,
                                                     touched_at=now - timedelta(minutes=14))
    assert issuing.expire_stale(now) == 0  # still within the limit
    again, created = issuing.request(membership, "readiness", {"round": 1})
    assert not created and again.pk == report.pk
    assert issuing.expire_stale(now + timedelta(minutes=2)) == 1  # 16 minutes without progress
    report.refresh_from_db()
    assert report.state == "failed" and report.running_key is None and "no progress" in report.error
    fresh, created = issuing.request(membership, "readiness", {"round": 1})
    assert created and fresh.pk != report.pk
    # The dead worker coming back cannot overwrite the failure, nor build the expired report.
    assert issuing.build(report.pk) is None
    report.refresh_from_db()
    assert report.state == "failed"


def test_a_queued_report_waits_longer_before_it_expires(world, settings):
    settings.REPORTS_STALE_MINUTES = 10
    report, _created = issuing.request(_member(world), "readiness", {"round": 1})
    now = timezone.now()
    assert issuing.expire_stale(now + timedelta(minutes=30)) == 0
    assert issuing.expire_stale(now + timedelta(minutes=41)) == 1
    report.refresh_from_db()
    assert report.state == "failed"


def test_progress_is_written_while_building(world, monkeypatch):
    seen = []

    def slow(report, membership, step):
        step(50)
        seen.append(IssuedReport.objects.get(pk=report.pk).progress)
        return b"content", "file.xlsx"

    monkeypatch.setattr(renderers, "render", slow)
    report, _created = issuing.request(_member(world), "results_xlsx", {"round": 1})
    issuing.build(report.pk)
    report.refresh_from_db()
    assert seen == [50] and report.state == "done" and report.progress == 100


@pytest.mark.parametrize("data", [
    {"kind": "readiness", "round": 99},  # no such round
    {"kind": "comparison", "round": 1, "other": 99},
    {"kind": "no-such-kind"},
])
def test_a_round_that_does_not_exist_for_the_member_is_404(world, login, data):
    assert _request(login("secretariat"), **data).status_code == 404
    assert not IssuedReport.objects.exists()


def test_another_institutions_round_is_404(world, login):
    # The outsider's own institution has a round 1; BMA's page is not theirs.
    assert login("outsider").post(reverse("report-request", kwargs={"slug": "bma"}),
                                  {"kind": "readiness", "round": 1}).status_code == 404
    assert login("secretariat").post(reverse("report-request", kwargs={"slug": "other"}),
                                     {"kind": "readiness", "round": 1}).status_code == 404
    assert not IssuedReport.objects.exists()


def test_assessors_cannot_request_an_open_round_nor_action_items(world, login):
    world.round.status = "open"
    world.round.save()
    assessor = login("assessor")
    assert _request(assessor, kind="readiness", round=1).status_code == 404
    assert _request(assessor, kind="action_items_xlsx").status_code == 404  # not an assessor's to see
    assert not IssuedReport.objects.exists()


def test_a_report_is_read_only_by_roles_that_see_at_least_what_it_holds(world, login):
    for_secretariat = make_issued_report(world, audience="secretariat")
    for_assessor = make_issued_report(world, audience="assessor")
    actions = make_issued_report(world, kind="action_items_xlsx", parameters={"language": "th"},
                                 audience="committee")

    def status(persona, report):
        return login(persona).get(reverse("report-detail", kwargs={"slug": "bma", "pk": report.pk})).status_code

    assert status("secretariat", for_assessor) == 200 and status("secretariat", for_secretariat) == 200
    assert status("committee", for_assessor) == 200 and status("committee", for_secretariat) == 404
    assert status("assessor", for_secretariat) == 404 and status("assessor", actions) == 404
    assert status("focal_point", actions) == 200
    assert status("outsider", for_assessor) == 404
    page = login("assessor").get(reverse("report-list", kwargs={"slug": "bma"})).content.decode()
    assert page.count('data-testid="report-status"') == 1


def test_history_page_lists_reports_at_a_bounded_query_count(world, login, django_assert_max_num_queries):
    client = login("secretariat")
    url = reverse("report-list", kwargs={"slug": "bma"})
    for i in range(3):
        make_issued_report(world, content=f"file {i}".encode())
    client.get(url)
    with django_assert_max_num_queries(14) as few:
        client.get(url)
    for i in range(3, 30):
        make_issued_report(world, content=f"file {i}".encode(), state="running" if i % 2 else "done")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count('data-testid="report-status"') == 25  # one page
    assert "hx-trigger=\"every 2s\"" in page  # running rows poll their own status


def test_a_running_row_polls_a_small_partial(world, login):
    report = make_issued_report(world, state="running")
    IssuedReport.objects.filter(pk=report.pk).update(progress=42)
    response = login("secretariat").get(reverse("report-detail", kwargs={"slug": "bma", "pk": report.pk}) + "?row=1",
                                        HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and 'data-state="running"' in html and 'value="42"' in html


def test_the_form_shows_the_options_of_the_chosen_kind(world, login):
    client = login("secretariat")
    html = client.get(reverse("report-list", kwargs={"slug": "bma"}) + "?kind=action_plan_progress",
                      HTTP_HX_REQUEST="true").content.decode()
    assert 'name="fiscal_year"' in html and 'name="quarter"' in html and 'name="round"' not in html
    html = client.get(reverse("report-list", kwargs={"slug": "bma"}) + "?kind=comparison",
                      HTTP_HX_REQUEST="true").content.decode()
    assert 'name="round"' in html and 'name="other"' in html and 'name="quarter"' not in html


def test_the_nav_links_to_reports(world, login):
    page = login("assessor").get(reverse("dashboard", kwargs={"slug": "bma"})).content.decode()
    assert 'data-testid="reports-link"' in page
