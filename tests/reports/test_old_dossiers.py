"""Dossiers from before they were issued files (reports migration 0004): their old links lead to the record,
for the members who may see it, and their old ZIPs go once the copy is verified by hash."""
import hashlib

import pytest
from django.core.management import call_command
from django.urls import reverse

from genderseal.evidence.storage import get_store as evidence_store
from genderseal.reports.storage import get_store as reports_store

from tests.factories import make_issued_report

pytestmark = pytest.mark.django_db


def moved_dossier(world, old_id, content=b"PK\x05\x06" + b"\x00" * 18):
    """A dossier record as the migration left it: stored in the reports store, its old id in its detail."""
    record = make_issued_report(world, kind="dossier", audience="secretariat", content=content,
                                parameters={"round": world.round.number, "language": "th"})
    record.detail = {"files": 0, "dossier": old_id}
    record.filename, record.content_type = "dossier-bma-round-1.zip", "application/zip"
    record.save()
    return record


def page(name, pk, slug="bma"):
    return reverse(name, kwargs={"slug": slug, "pk": pk})


def test_an_old_dossier_link_leads_to_its_record(world, login, settings_tmp_media):
    newer = moved_dossier(world, old_id=900)
    # The old id of this dossier is the new id of another: the old path means the old id, the new path the new.
    record = moved_dossier(world, old_id=newer.pk)
    for role in ("secretariat", "committee"):
        client = login(role)
        response = client.get(page("dossier-old", newer.pk))
        assert response.status_code == 301 and response["Location"] == page("dossier-detail", record.pk)
        response = client.get(page("dossier-old-download", newer.pk))
        assert response.status_code == 301 and response["Location"] == page("dossier-download", record.pk)
        assert client.get(page("dossier-old", 900))["Location"] == page("dossier-detail", newer.pk)
        assert client.get(page("dossier-detail", newer.pk)).context["dossier"] == newer
    file = login("secretariat").get(page("dossier-old-download", newer.pk), follow=True)
    assert hashlib.sha256(b"".join(file.streaming_content)).hexdigest() == record.sha256


def test_an_old_link_is_404_for_members_who_may_not_see_it_and_for_other_institutions(world, login,
                                                                                         settings_tmp_media):
    record = moved_dossier(world, old_id=901)
    for role in ("focal_point", "assessor", "outsider"):
        assert login(role).get(page("dossier-old", 901)).status_code == 404, role
        assert login(role).get(page("dossier-old-download", 901)).status_code == 404, role
    other = login("outsider")  # the secretariat of another institution, at its own institution's address
    slug = world.outsider.memberships.get().institution.slug
    assert other.get(page("dossier-old", 901, slug=slug)).status_code == 404
    assert other.get(page("dossier-old", record.pk, slug=slug)).status_code == 404
    assert login("secretariat").get(page("dossier-old", 902)).status_code == 404  # no dossier had that id
    assert login("secretariat").get(page("dossier-old", 2**70)).status_code == 404


def test_a_link_made_between_the_move_and_the_new_paths_still_leads_to_its_record(world, login, settings_tmp_media):
    record = moved_dossier(world, old_id=903)  # a dossier built after the move has no old id; its pk was used
    record.detail = {"files": 0}
    record.save()
    assert login("committee").get(page("dossier-old", record.pk))["Location"] == page("dossier-detail", record.pk)


def test_the_api_answers_an_old_id_with_the_same_route_for_the_record(world, client, settings_tmp_media):
    from genderseal.core.models import ApiToken

    record = moved_dossier(world, old_id=904)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(world.secretariat, 'test')}"}
    response = client.get("/api/institutions/bma/dossiers/904", **headers)
    assert response.status_code == 301 and response["Location"] == f"/api/institutions/bma/dossiers/{record.pk}"
    response = client.get("/api/institutions/bma/dossiers/904/download", **headers)
    assert response.status_code == 301
    assert response["Location"] == f"/api/institutions/bma/dossiers/{record.pk}/download"
    assert client.get(f"/api/institutions/bma/dossiers/{record.pk}", **headers).json()["id"] == record.pk
    assert client.get("/api/institutions/bma/dossiers/905", **headers).status_code == 404
    focal = ApiToken.issue(world.focal_point, "test")
    assert client.get("/api/institutions/bma/dossiers/904", HTTP_AUTHORIZATION=f"Bearer {focal}").status_code == 404


def put_old(name, content):
    path = evidence_store().path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def test_old_zips_go_only_when_their_copy_is_verified_by_hash(world, settings_tmp_media):
    zips = {n: b"PK\x05\x06" + bytes([n]) * 18 for n in range(1, 6)}
    moved = {n: moved_dossier(world, old_id=n, content=zips[n]) for n in range(1, 5)}
    verified = put_old("dossiers/1-0123abcd.zip", zips[1])
    no_copy = put_old("dossiers/2-0123abcd.zip", zips[2])
    reports_store().path(moved[2].storage_name).unlink()
    changed_copy = put_old("dossiers/3-0123abcd.zip", zips[3])
    reports_store().path(moved[3].storage_name).write_bytes(b"something else")
    changed_old = put_old("dossiers/4-0123abcd.zip", b"not what was copied")
    unknown = put_old("dossiers/5-0123abcd.zip", zips[5])  # no record has old id 5
    stranger = put_old("dossiers/notes.txt", b"?")
    evidence_file = put_old("ab/cd/abcdef", b"an evidence file")
    kept = [no_copy, changed_copy, changed_old, unknown, stranger, evidence_file]

    from io import StringIO

    out = StringIO()
    call_command("evidence", "forget-old-dossiers", "--dry-run", stdout=out)
    assert verified.exists() and all(path.exists() for path in kept)
    assert "dossiers/1-0123abcd.zip" in out.getvalue()

    out = StringIO()
    call_command("evidence", "forget-old-dossiers", stdout=out)
    assert not verified.exists() and all(path.exists() for path in kept)
    text = out.getvalue()
    for name in ("2-0123abcd.zip", "3-0123abcd.zip", "4-0123abcd.zip", "5-0123abcd.zip", "notes.txt"):
        assert f"dossiers/{name}" in text
    with reports_store().open(moved[1].storage_name) as copy:  # the record's file is untouched
        assert copy.read() == zips[1]
    call_command("evidence", "forget-old-dossiers", stdout=StringIO())  # again: nothing more goes
    assert all(path.exists() for path in kept)


def test_nothing_to_forget_without_a_dossiers_folder(settings_tmp_media):
    from genderseal.reports.old_dossiers import forget_old_zips

    result = forget_old_zips()
    assert (result.removed, result.kept) == ([], [])
