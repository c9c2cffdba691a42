"""The seed's evidence rows as demo data: units, Drive links as revisions, Thai PDFs that search finds."""
import pytest

from genderseal.core.models import Membership
from genderseal.demo.load import load_demo
from genderseal.evidence import search
from genderseal.evidence.models import Evidence, EvidenceRevision

pytestmark = pytest.mark.django_db


def test_the_demo_loads_the_seed_evidence_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        institution, _users = load_demo()
        load_demo()
    items = Evidence.objects.filter(institution=institution)
    # 16 from the seed's tables and generated PDFs, 1 the approved gender-analysis worksheet (analysis demo)
    assert items.count() == 17 + 1 and not items.exclude(status="approved").exists()
    assert items.filter(title_th__startswith="แบบการวิเคราะห์มิติทางเพศ: GAP68-01").count() == 1
    profile = items.get(title_th__startswith="SDG Profile Bangkok")
    assert sorted(profile.links.values_list("benchmark__code", flat=True)) == ["5.1.1", "5.1.3"]
    assert profile.owner_unit.abbreviation == "สยป."
    assert profile.revisions.filter(url__startswith="https://drive.google.com/").count() == 2
    assert EvidenceRevision.objects.filter(evidence__institution=institution, content_type="application/pdf").count() == 3 + 1
    membership = Membership.objects.get(institution=institution, user__username="secretariat")
    hits = search.search(Evidence.objects.for_member(membership), "ขาดเรียน", institution.pk).hits
    assert {h.evidence.title_en for h in hits} >= {"Free sanitary pads for girls in BMA schools"}


def test_the_demo_comes_with_its_meaning_vectors_when_meaning_search_is_on(settings):
    from genderseal.evidence.models import EvidenceEmbedding, EvidenceSuggestion

    settings.EVIDENCE_MEANING = True
    institution, _users = load_demo()
    items = Evidence.objects.filter(institution=institution)
    assert set(EvidenceEmbedding.objects.values_list("evidence", flat=True).distinct()) == set(
        items.values_list("pk", flat=True))
    assert EvidenceSuggestion.objects.filter(evidence__in=items).exists()
