"""The downloads of a published dataset: CSV, JSON, a DCAT dataset (JSON-LD), a CKAN package and the catalog.

All are written from the frozen payload only, so every format shows the same approved
figures. `urls` is a callable giving absolute URLs (the views pass the request's).
"""
import csv
import io

from django.conf import settings
from django.urls import reverse

from genderseal.core.audit import safe_cell

from .models import Item

LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENSE_ID = "cc-by"
LICENSE_TITLE = "Creative Commons Attribution 4.0"

CSV_HEADER = ["institution", "version", "section", "fiscal_year", "code", "label_th", "label_en", "measure", "value",
              "unit"]

TITLE = {"th": "ผลการดำเนินงานด้านความเสมอภาคระหว่างเพศ: {name}",
         "en": "Gender equality results: {name}"}
DESCRIPTION = {
    "th": "ข้อมูลที่{name}เลือกเผยแพร่เกี่ยวกับตราสัญลักษณ์ความเสมอภาคระหว่างเพศสำหรับหน่วยงานภาครัฐ (UNDP): {items}",
    "en": "What {name} chose to publish about its work toward the UNDP Gender Equality Seal for Public "
          "Institutions: {items}",
}
ITEM_NAMES = {
    Item.LEVEL: ("ระดับปัจจุบัน", "current level"),
    Item.DIMENSIONS: ("ผลรายมิติ", "results per dimension"),
    Item.INDICATORS: ("ผลตัวชี้วัดจำแนกตามเพศ", "indicator results by sex"),
    Item.REPORTING: ("อัตราการรายงานผล", "reporting rates"),
}
KEYWORDS = [("th", "ความเสมอภาคระหว่างเพศ"), ("th", "ข้อมูลจำแนกตามเพศ"), ("en", "gender equality"),
            ("en", "sex-disaggregated data"), ("en", "UNDP Gender Equality Seal")]


def license_url():
    return getattr(settings, "OPENDATA_LICENSE_URL", LICENSE_URL)


def rows(live):
    """The dataset as tidy rows (one figure a row), in CSV_HEADER order."""
    p, slug, version = live.payload, live.slug, live.version

    def row(section, fy, code, th, en, measure, value, unit=""):
        return [slug, version, section, fy or "", code, th, en, measure, "" if value is None else value, unit]

    out = []
    level = p.get("level")
    if level:
        out.append(row("level", None, level["code"] or "", level["label_th"], level["label_en"], "level",
                       level["code"] or ""))
        out.append(row("level", None, level["code"] or "", level["label_th"], level["label_en"], "percent",
                       level["percent"], "%"))
        out.append(row("level", None, level["code"] or "", level["label_th"], level["label_en"], "applicable",
                       level["applicable"], "benchmarks"))
        cert = level.get("certificate")
        if cert:
            out.append(row("certificate", None, cert["level"] or "", cert["level_th"], cert["level_en"],
                           "valid_until", cert["valid_until"]))
    for d in p.get("dimensions") or []:
        out.append(row("dimension", None, d["code"], d["title_th"], d["title_en"], "percent", d["percent"], "%"))
        out.append(row("dimension", None, d["code"], d["title_th"], d["title_en"], "applicable", d["applicable"],
                       "benchmarks"))
    indicators = p.get("indicators")
    if indicators:
        fy = indicators["fiscal_year"]
        for i in indicators["rows"]:
            for measure in ("target", "actual", "female", "male", "other"):
                if measure in ("female", "male", "other") and not i["by_sex"]:
                    continue
                out.append(row("indicator", fy, i["code"], i["title_th"], i["title_en"], measure, i[measure],
                               i["unit_of_measure"]))
            out.append(row("indicator", fy, i["code"], i["title_th"], i["title_en"], "progress", i["progress"], "%"))
    reporting = p.get("reporting")
    if reporting:
        fy = reporting["fiscal_year"]
        units = reporting["units"] + [{"code": "total", "name_th": "รวม", "name_en": "Total", **reporting["total"]}]
        for u in units:
            for measure in ("expected", "received", "on_time"):
                out.append(row("reporting", fy, u["code"], u["name_th"], u["name_en"], measure, u[measure], "reports"))
            out.append(row("reporting", fy, u["code"], u["name_th"], u["name_en"], "rate", u["rate"], "%"))
            out.append(row("reporting", fy, u["code"], u["name_th"], u["name_en"], "on_time_rate", u["on_time_rate"],
                           "%"))
    return out


def to_csv(live):
    """UTF-8 with a BOM (Excel opens Thai correctly); cells starting with = + - @ neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for values in rows(live):
        writer.writerow([v if isinstance(v, (int, float)) else safe_cell(v) for v in values])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_json(live):
    return {"dataset": {"version": live.version, "published_at": live.published_at.isoformat(),
                        "sha256": live.sha256, "license": license_url()},
            **live.payload}


def _name(live, language):
    return live.institution["name_th" if language == "th" else "name_en"] or live.institution["name_th"]


def _texts(live, template):
    out = []
    for language in ("th", "en"):
        names = ", ".join(ITEM_NAMES[Item(i)][0 if language == "th" else 1] for i in live.items)
        out.append({"@value": template[language].format(name=_name(live, language), items=names),
                    "@language": language})
    return out


def links(live, absolute):
    slug = live.slug
    return {name: absolute(reverse(f"opendata-{name}", args=[slug]))
            for name in ("page", "csv", "json", "dcat", "ckan")}


CONTEXT = {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/",
           "foaf": "http://xmlns.com/foaf/0.1/", "xsd": "http://www.w3.org/2001/XMLSchema#",
           "owl": "http://www.w3.org/2002/07/owl#", "spdx": "http://spdx.org/rdf/terms#"}


def dcat_dataset(live, absolute, with_context=True):
    url = links(live, absolute)
    modified = {"@value": live.published_at.isoformat(), "@type": "xsd:dateTime"}
    distribution = [
        {"@type": "dcat:Distribution", "@id": url["csv"],
         "dct:title": [{"@value": "ข้อมูล (CSV)", "@language": "th"}, {"@value": "Data (CSV)", "@language": "en"}],
         "dcat:downloadURL": {"@id": url["csv"]}, "dcat:accessURL": {"@id": url["csv"]},
         "dcat:mediaType": "text/csv", "dct:format": "CSV", "dct:license": {"@id": license_url()},
         "dct:modified": modified},
        {"@type": "dcat:Distribution", "@id": url["json"],
         "dct:title": [{"@value": "ข้อมูล (JSON)", "@language": "th"}, {"@value": "Data (JSON)", "@language": "en"}],
         "dcat:downloadURL": {"@id": url["json"]}, "dcat:accessURL": {"@id": url["json"]},
         "dcat:mediaType": "application/json", "dct:format": "JSON", "dct:license": {"@id": license_url()},
         "dct:modified": modified},
    ]
    data = {
        "@id": url["page"], "@type": "dcat:Dataset",
        "dct:identifier": f"gender-seal-{live.slug}",
        "dct:title": _texts(live, TITLE),
        "dct:description": _texts(live, DESCRIPTION),
        "dct:publisher": {"@type": "foaf:Organization", "foaf:name": [
            {"@value": live.institution["name_th"], "@language": "th"},
            {"@value": live.institution["name_en"], "@language": "en"}]},
        "dct:modified": modified,
        "dct:license": {"@id": license_url()},
        "dct:language": [{"@id": "http://id.loc.gov/vocabulary/iso639-1/th"},
                         {"@id": "http://id.loc.gov/vocabulary/iso639-1/en"}],
        "owl:versionInfo": str(live.version),
        "spdx:checksum": {"@type": "spdx:Checksum", "spdx:algorithm": "sha256 of the canonical JSON payload",
                          "spdx:checksumValue": live.sha256},
        "dcat:keyword": [{"@value": word, "@language": language} for language, word in KEYWORDS],
        "dcat:landingPage": {"@id": url["page"]},
        "dcat:distribution": distribution,
    }
    return {"@context": CONTEXT, **data} if with_context else data


def catalog(datasets, absolute):
    return {
        "@context": CONTEXT, "@type": "dcat:Catalog", "@id": absolute(reverse("opendata-catalog")),
        "dct:title": [{"@value": "ข้อมูลเปิดด้านความเสมอภาคระหว่างเพศ", "@language": "th"},
                      {"@value": "Gender equality open data", "@language": "en"}],
        "dct:license": {"@id": license_url()},
        "dcat:dataset": [dcat_dataset(live, absolute, with_context=False) for live in datasets],
    }


def ckan_package(live, absolute):
    """A CKAN `package_show`-shaped answer, for portals that harvest CKAN."""
    url = links(live, absolute)
    modified = live.published_at.isoformat()
    title, notes = _texts(live, TITLE), _texts(live, DESCRIPTION)
    return {
        "help": "package_show-compatible description of a gender-seal open dataset",
        "success": True,
        "result": {
            "name": f"gender-seal-{live.slug}", "id": f"gender-seal-{live.slug}",
            "title": title[0]["@value"], "title_translated": {t["@language"]: t["@value"] for t in title},
            "notes": notes[0]["@value"], "notes_translated": {t["@language"]: t["@value"] for t in notes},
            "url": url["page"], "version": str(live.version), "state": "active", "private": False,
            "license_id": LICENSE_ID if license_url() == LICENSE_URL else "other-open",
            "license_title": LICENSE_TITLE if license_url() == LICENSE_URL else license_url(),
            "license_url": license_url(),
            "metadata_modified": modified,
            "organization": {"name": live.slug, "title": live.institution["name_th"],
                             "title_translated": {"th": live.institution["name_th"],
                                                  "en": live.institution["name_en"]}},
            "tags": [{"name": word} for _language, word in KEYWORDS],
            "extras": [{"key": "sha256", "value": live.sha256}, {"key": "dcat", "value": url["dcat"]},
                       {"key": "items", "value": ",".join(live.items)}],
            "resources": [
                {"id": f"gender-seal-{live.slug}-csv", "name": "CSV", "url": url["csv"], "format": "CSV",
                 "mimetype": "text/csv", "last_modified": modified},
                {"id": f"gender-seal-{live.slug}-json", "name": "JSON", "url": url["json"], "format": "JSON",
                 "mimetype": "application/json", "last_modified": modified},
            ],
        },
    }
