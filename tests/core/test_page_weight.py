"""What a phone downloads: pages gzipped (files and downloads not), fonts preloaded, htmx only where used,
a favicon at the site's root."""
import gzip

import pytest
from django.urls import reverse

from genderseal.evidence import services

from tests.factories import make_evidence, make_upload

pytestmark = pytest.mark.django_db


def test_pages_are_gzipped_for_browsers_that_accept_it(world, login):
    client = login("secretariat")
    plain = client.get(reverse("dashboard", kwargs={"slug": "bma"}))
    packed = client.get(reverse("dashboard", kwargs={"slug": "bma"}), HTTP_ACCEPT_ENCODING="gzip, br")
    assert "Content-Encoding" not in plain and packed["Content-Encoding"] == "gzip"
    html = gzip.decompress(packed.content).decode()
    assert "</html>" in html and len(packed.content) * 2 < len(html.encode())
    assert "Accept-Encoding" in packed["Vary"]


def test_file_downloads_are_sent_as_they_are(world, login):
    from genderseal.core.models import Membership

    evidence = make_evidence(world.institution)
    services.add_file(Membership.objects.get(user=world.secretariat), evidence,
                      make_upload("note.txt", "บันทึก ".encode() * 200, "text/plain"))
    response = login("secretariat").get(reverse("evidence-download", kwargs={"slug": "bma", "pk": evidence.pk,
                                                                             "number": 1}),
                                        HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200 and "Content-Encoding" not in response
    assert b"".join(response.streaming_content) == "บันทึก ".encode() * 200


def test_fonts_are_preloaded_and_htmx_is_loaded_only_by_pages_that_use_it(world, login):
    client = login("secretariat")
    page = client.get(reverse("dashboard", kwargs={"slug": "bma"})).content.decode()
    assert 'rel="preload"' in page and "Sarabun-Regular" in page and 'as="font"' in page
    assert " hx-get=" not in page and "htmx.min.js" not in page and "js/app.js" in page
    reports = client.get(reverse("report-list", kwargs={"slug": "bma"})).content.decode()
    assert " hx-get=" in reports and '<script src="/static/vendor/htmx.min.js" defer' in reports


def test_the_favicon_is_served_at_the_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"
