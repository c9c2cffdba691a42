"""Assessors reach only the rounds they are assigned to, and see approved evidence of submitted benchmarks."""
import pytest

from genderseal.assessments.models import RoundStatus
from genderseal.assessors.models import AssessorAssignment

from tests.factories import make_evidence, make_external_round, make_round, make_upload

pytestmark = pytest.mark.django_db


def test_assigned_assessor_sees_submitted_and_approved_benchmarks_only(login, external):
    page = login("assessor").get("/i/bma/assess/rounds/2/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="bench-1.1.1"' in html  # submitted
    assert 'data-testid="bench-1.1.2"' in html  # approved
    assert 'data-testid="bench-1.1.3"' not in html  # draft


def test_a_round_not_assigned_is_404_everywhere(world, login, external):
    make_external_round(world, number=3, assign=False, thread=True)
    client = login("assessor")
    for url in ["/i/bma/assess/rounds/3/", "/i/bma/assess/rounds/3/results/", "/i/bma/assess/rounds/3/clarifications/",
                "/i/bma/assess/rounds/3/clarifications/1/", "/i/bma/assess/rounds/3/rate/1.1.1/",
                "/api/institutions/bma/assess/rounds/3/ratings", "/api/institutions/bma/assess/rounds/3/clarifications"]:
        assert client.get(url).status_code == 404, url
    assert client.post("/i/bma/assess/rounds/3/publish/").status_code == 404
    assert client.post("/i/bma/assess/rounds/3/ask/1.1.1/", {"body": "?"}).status_code == 404
    # ... while the assigned round works.
    assert client.get("/i/bma/assess/rounds/2/clarifications/1/").status_code == 200


def test_another_institution_is_404_even_with_an_assignment(world, login):
    other_round = make_round(world.other, world.framework, number=2, status=RoundStatus.SUBMITTED, kind="external")
    AssessorAssignment.objects.create(round=other_round, user=world.assessor)  # no membership there
    client = login("assessor")
    assert client.get("/i/other/assess/rounds/2/").status_code == 404
    assert client.get("/i/other/assess/").status_code == 404
    assert client.get("/api/institutions/other/assess/rounds/2/ratings").status_code == 404
    assert 'data-institution="other"' not in client.get("/assess/").content.decode()
    assert {row["institution"] for row in client.get("/api/assessor/assignments").json()} == {"bma"}


def test_an_open_round_stays_hidden_from_its_assessors(world, login):
    rnd = make_external_round(world, number=3, thread=False)
    rnd.status = RoundStatus.OPEN
    rnd.save()
    assert login("assessor").get("/i/bma/assess/rounds/3/").status_code == 404


def test_only_approved_evidence_is_listed_and_downloadable(world, login, external, member, settings_tmp_media):
    from genderseal.evidence import services as evidence_services

    approved = make_evidence(world.institution, "หลักฐานอนุมัติแล้ว", status="approved", benchmarks=["1.1.1"])
    evidence_services.add_file(member("secretariat"), approved, make_upload("plan.pdf", b"%PDF-1.4 plan"))
    make_evidence(world.institution, "หลักฐานฉบับร่าง", status="draft", benchmarks=["1.1.1"])
    make_evidence(world.institution, "หลักฐานส่งตรวจ", status="submitted", benchmarks=["1.1.2"])
    make_evidence(world.institution, "หลักฐานของเกณฑ์ร่าง", status="approved", benchmarks=["1.1.3"])
    client = login("assessor")
    html = client.get("/i/bma/assess/rounds/2/").content.decode()
    assert "หลักฐานอนุมัติแล้ว" in html
    assert "หลักฐานฉบับร่าง" not in html and "หลักฐานส่งตรวจ" not in html
    assert "หลักฐานของเกณฑ์ร่าง" not in html  # its benchmark is still a draft
    download = f"/i/bma/evidence/{approved.pk}/revisions/1/download/"
    assert download in html
    assert client.get(download).status_code == 200


def test_the_workspace_needs_the_assessor_role(login, external):
    for persona in ("secretariat", "focal_point", "committee", "outsider"):
        assert login(persona).get("/i/bma/assess/rounds/2/").status_code == 404


def test_my_assignments_lists_the_assigned_rounds(login, external):
    html = login("assessor").get("/assess/").content.decode()
    assert 'data-institution="bma" data-round="2"' in html
    assert [row["round"] for row in login("assessor").get("/api/assessor/assignments").json()] == [1, 2]


def test_workspace_queries_do_not_grow_with_evidence(world, login, external, django_assert_max_num_queries):
    for n in range(15):
        make_evidence(world.institution, f"หลักฐาน {n}", status="approved", benchmarks=["1.1.1", "1.1.2"])
    client = login("assessor")
    with django_assert_max_num_queries(25):
        assert client.get("/i/bma/assess/rounds/2/").status_code == 200
