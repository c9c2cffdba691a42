"""The BMA demo as a new user meets it after `make run`."""
import json

import pytest
from django.core.management import call_command

from genderseal.assessments.models import AssessmentRound, BenchmarkResult
from genderseal.core.models import Institution, Membership, OrgUnit
from genderseal.standards.models import Benchmark

pytestmark = pytest.mark.django_db


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_it_loads_bangkok_at_25_percent_with_undps_comments():
    output = run("demo")
    assert "secretariat" in output and "demo-gender-seal" in output
    bma = Institution.objects.get(slug="bma")
    assert bma.name_th == "กรุงเทพมหานคร"
    assert OrgUnit.objects.filter(institution=bma, code="21000000", abbreviation="สยป.").exists()
    assert Benchmark.objects.current().filter(framework__code="undp-gesp").count() == 40

    summary = json.loads(run("summary", "bma", "--round", "1"))
    assert (summary["percent"], summary["level"], summary["applicable"]) == (25.0, None, 40)
    assert summary["next_level"]["code"] == "bronze" and summary["next_level"]["credit_needed"] == 14.0

    round1 = AssessmentRound.objects.get(institution=bma, number=1)
    assert (str(round1.result_on), round1.kind) == ("2024-02-20", "undp_review")
    for code in ("1.1.1", "1.1.2", "1.1.4", "5.1.1"):
        result = BenchmarkResult.objects.get(round=round1, benchmark__code=code)
        assert result.result_code == "not_met" and result.assessor_comment
        assert result.responsible_units.exists()
    external = AssessmentRound.objects.get(institution=bma, number=2)
    # The assessors' week (9-13 Feb 2026 in the seed) lies ahead of today: 21 days from now once that is later.
    from datetime import date, timedelta

    from django.utils import timezone

    starts = max(date(2026, 2, 9), timezone.localdate() + timedelta(days=21))
    assert (external.starts_on, external.ends_on, external.kind) == (starts, starts + timedelta(days=4), "external")
    roles = set(Membership.objects.filter(institution=bma).values_list("role", flat=True))
    assert roles == {"secretariat", "focal_point", "committee", "assessor"}


def test_it_can_run_twice_without_changing_anything():
    run("demo")
    counts = (AssessmentRound.objects.count(), BenchmarkResult.objects.count(), OrgUnit.objects.count(),
              Membership.objects.count())
    run("demo")
    assert counts == (AssessmentRound.objects.count(), BenchmarkResult.objects.count(), OrgUnit.objects.count(),
                      Membership.objects.count())


def test_the_summary_command_defaults_to_the_latest_reviewed_round_and_names_bad_input():
    run("demo")
    assert json.loads(run("summary", "bma"))["round"] == 1
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="nowhere"):
        run("summary", "nowhere")
    with pytest.raises(CommandError, match="9"):
        run("summary", "bma", "--round", "9")


def test_it_issues_api_tokens_that_work(client):
    run("demo")
    key = run("token", "committee", "reporting").strip()
    response = client.get("/api/institutions/bma/rounds/1/summary", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200 and response.json()["percent"] == 25.0


def test_it_tells_todays_story():
    """Milestones ahead, every benchmark with a lead unit, a returned item for the focal point, and the
    button on a UNDP comment opening its action item instead of making another."""
    from datetime import timedelta

    from django.test import Client
    from django.utils import timezone

    from genderseal.mywork import queries
    from genderseal.readiness.models import Milestone

    run("demo")
    bma = Institution.objects.get(slug="bma")
    today = timezone.localdate()
    assert not BenchmarkResult.objects.filter(round__institution=bma, lead_unit=None).exists()
    # The unit the seed's evidence tables name (สยป. for 1.1.4's tracking system), else สำนักงาน ก.ก.
    leads = dict(BenchmarkResult.objects.filter(round__institution=bma, round__number=2)
                 .values_list("benchmark__code", "lead_unit__code"))
    assert leads["1.1.4"] == "21000000" and leads["4.2.2"] == "03000000"
    ahead = Milestone.objects.filter(institution=bma, kind="external_assessment").get()
    assert ahead.due_on > today and ahead.status == "planned"

    focal = Membership.objects.select_related("institution", "user").prefetch_related("units").get(
        user__username="focal")
    work = queries.focal_point(focal, today)
    assert any(line.kind == "result" and line.reason for line in work["returned"])
    assert work["reports_due"] or work["reports_overdue"]

    browser = Client()
    browser.force_login(Membership.objects.get(user__username="secretariat").user)
    page = browser.get("/i/bma/rounds/1/").content.decode()
    assert 'data-testid="open-action-item"' in page and 'data-testid="make-action-item"' not in page
    assert ahead.due_on - today <= timedelta(days=30)
