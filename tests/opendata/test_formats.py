"""The downloads: CSV for Excel (BOM, neutralised formulas), JSON, DCAT (JSON-LD), CKAN and the catalog."""
import csv
import io

import pytest

from genderseal.planning.models import Indicator

from .helpers import approved_and_draft
from tests.factories import make_planning, make_published

pytestmark = pytest.mark.django_db


def test_csv_opens_in_excel_and_neutralises_formulas(world, client):
    indicator = make_planning(world)
    approved_and_draft(indicator)
    Indicator.objects.filter(pk=indicator.pk).update(title_th="=HYPERLINK(\"http://x\")", title_en="@SUM(A1)")
    dataset = make_published(world)
    response = client.get("/open/bma/data.csv")
    assert response["Content-Type"].startswith("text/csv") and response.content.startswith(b"\xef\xbb\xbf")
    assert f"gender-seal-bma-v{dataset.version}.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    female = next(r for r in rows if r["section"] == "indicator" and r["measure"] == "female")
    assert female["label_th"] == "'=HYPERLINK(\"http://x\")" and female["label_en"] == "'@SUM(A1)"
    assert female["value"] == "42" and female["fiscal_year"] == "2568" and female["unit"] == "คน"
    dims = [r for r in rows if r["section"] == "dimension" and r["measure"] == "percent"]
    assert [(r["code"], r["label_th"], r["value"]) for r in dims][0] == ("1", "มิติที่ 1", "12.5")
    total = next(r for r in rows if r["section"] == "reporting" and r["code"] == "total" and r["measure"] == "received")
    assert total["value"] == "3"  # two approved and one submitted report received
    assert not any(cell.startswith(("=", "+", "@")) for r in rows for cell in r.values())


def test_json_carries_the_version_and_checksum(world, client):
    dataset = make_published(world, items=["level"])
    data = client.get("/open/bma/data.json").json()
    assert data["dataset"]["version"] == dataset.version and data["dataset"]["sha256"] == dataset.sha256
    assert data["institution"] == {"slug": "bma", "name_th": "กรุงเทพมหานคร",
                                   "name_en": "Bangkok Metropolitan Administration"}


def test_dcat_describes_the_dataset_and_its_distributions(world, client):
    make_published(world, items=["level", "indicators"])
    response = client.get("/open/bma/dcat.json")
    assert response["Content-Type"] == "application/ld+json" and response["Access-Control-Allow-Origin"] == "*"
    d = response.json()
    assert d["@type"] == "dcat:Dataset" and d["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    assert {t["@language"] for t in d["dct:title"]} == {"th", "en"}
    assert {t["@language"] for t in d["dct:description"]} == {"th", "en"}
    assert "current level, indicator results by sex" in next(t["@value"] for t in d["dct:description"]
                                                             if t["@language"] == "en")
    assert d["dct:publisher"]["foaf:name"][0]["@value"] == "กรุงเทพมหานคร"
    assert d["dct:modified"]["@value"] and d["dct:license"]["@id"].startswith("https://creativecommons.org/")
    formats = {x["dct:format"]: x for x in d["dcat:distribution"]}
    assert set(formats) == {"CSV", "JSON"}
    assert formats["CSV"]["dcat:downloadURL"]["@id"] == "http://testserver/open/bma/data.csv"
    assert formats["JSON"]["dcat:mediaType"] == "application/json"
    assert d["dcat:landingPage"]["@id"] == "http://testserver/open/bma/"


def test_ckan_package_and_catalog(world, client):
    dataset = make_published(world, items=["dimensions"])
    ckan = client.get("/open/bma/ckan.json").json()
    assert ckan["success"] is True
    result = ckan["result"]
    assert result["name"] == "gender-seal-bma" and result["version"] == str(dataset.version)
    assert result["organization"]["name"] == "bma" and result["license_id"] == "cc-by"
    assert [r["format"] for r in result["resources"]] == ["CSV", "JSON"]
    assert result["resources"][0]["url"] == "http://testserver/open/bma/data.csv"
    catalog = client.get("/open/catalog.json").json()
    assert catalog["@type"] == "dcat:Catalog" and len(catalog["dcat:dataset"]) == 1
    assert catalog["dcat:dataset"][0]["dcat:landingPage"]["@id"] == "http://testserver/open/bma/"


def test_text_is_escaped_on_the_page_and_downloads_answer_head(world, client):
    indicator = make_planning(world)
    approved_and_draft(indicator)
    Indicator.objects.filter(pk=indicator.pk).update(title_th="<script>alert(1)</script>")
    make_published(world, items=["indicators"])
    body = client.get("/open/bma/").content.decode()
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    for path in ("/open/bma/", "/open/bma/data.csv", "/open/bma/dcat.json"):
        assert client.head(path).status_code == 200
    assert client.post("/open/bma/data.csv").status_code == 405
