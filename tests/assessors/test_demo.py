import pytest

from genderseal.assessors.models import AssessorAssignment, Clarification, ExternalRating
from genderseal.core.models import Membership

pytestmark = pytest.mark.django_db


def test_demo_assigns_the_assessor_with_draft_ratings_and_a_thread(settings, tmp_path):
    from genderseal.demo.load import load_demo

    settings.MEDIA_ROOT = tmp_path
    institution, _users = load_demo()
    load_demo()  # idempotent
    assignment = AssessorAssignment.objects.get(round__kind="external")
    # ... and to the UNDP reviews the demo tells of, so the assessor reads those rounds (and only assigned ones).
    assert set(AssessorAssignment.objects.exclude(round__kind="external").values_list("round__kind", flat=True)) \
        <= {"undp_review"}
    from datetime import date, timedelta

    from django.utils import timezone

    from genderseal.demo.today import offset

    week = date(2026, 2, 9) + timedelta(days=offset(timezone.localdate()))  # the seed's week, ahead of today
    assert (assignment.user.username, assignment.round.kind, assignment.round.starts_on) == \
        ("assessor", "external", week)
    assert sorted(ExternalRating.objects.values_list("benchmark__code", flat=True)) == ["1.1.1", "5.1.1"]
    assert not ExternalRating.objects.exclude(published_at=None).exists()
    thread = Clarification.objects.get()
    assert thread.benchmark.code == "1.1.1" and "ต้นน้ำ" in thread.messages.get().body
    secretariat = Membership.objects.get(institution=institution, user__username="secretariat")
    assert not ExternalRating.objects.for_member(secretariat).exists()
