"""The audit page speaks to officials: what happened in words, the action code only in a technical detail."""
import re
from pathlib import Path

import pytest
from django.utils import translation

from genderseal.core.audit import record
from genderseal.core.history import ACTIONS, what_of

pytestmark = pytest.mark.django_db
SOURCE = Path(__file__).resolve().parents[2] / "src" / "genderseal"
CALL = re.compile(r'\b(?:record|_audit|audit)\(\s*"([a-z_]+\.[a-z_.]+)"(?:\s+if [^,]+? else\s+"([a-z_.]+)")?')
ASSIGNED = re.compile(r'\baction = "([a-z_]+\.[a-z_.]+)"')
# Codes built at run time (f-strings): the workflow's steps per kind, the planning records, readiness.
BUILT = (
    [f"{kind}.{step}" for kind in ("result", "evidence", "planning.report", "analysis.worksheet",
                                   "analysis.screening") for step in ("submit", "approve", "return", "reopen")]
    + [f"planning.{name}.{verb}" for name in ("plan", "strategy", "measure", "project", "indicator", "rule",
                                              "strategic_area", "category", "category_option")
       for verb in ("create", "edit")]
    + [f"{kind}.{verb}" for kind in ("certificate", "milestone", "question", "interview") for verb in ("create", "update")]
    + ["survey.open", "survey.close", "auth.login", "auth.login_failed", "auth.login_throttled"]
)


def recorded_codes():
    codes = set(BUILT)
    for path in SOURCE.rglob("*.py"):
        text = path.read_text()
        for match in CALL.finditer(text):
            codes.update(code for code in match.groups() if code)
        codes.update(ASSIGNED.findall(text))
    return sorted(codes)


def test_every_action_the_platform_records_has_words_in_thai_and_english():
    codes = recorded_codes()
    assert len(codes) > 100
    for language in ("th", "en"):
        with translation.override(language):
            for code in codes:
                words = what_of(code)
                assert code in ACTIONS or ": " in words, (language, code, words)  # the record and the verb
                assert not re.search(r"[a-z]\.[a-z]|_", words), (language, code, words)  # no code left
    with translation.override("th"):
        assert what_of("result.approve") == "ผลการประเมิน: อนุมัติแล้ว"


def test_the_audit_page_shows_actions_in_words_and_codes_only_in_the_technical_detail(world, login):
    from django.contrib.auth import get_user_model

    record("result.approve", "1/1.1.1", institution=world.institution, actor=world.secretariat,
           before={"state": "submitted"}, after={"state": "approved"})
    record("evidence.term_add", "สตรี", institution=world.institution, actor=world.secretariat)
    record("opendata.choices", "bma", institution=world.institution, actor=world.secretariat,
           before={"level": False}, after={"level": True, "items": ["level", "indicators"]})
    get_user_model().objects.filter(pk=world.secretariat.pk).update(first_name="สมหญิง", last_name="ใจดี")
    page = login("secretariat").get("/i/bma/audit/").content.decode()
    table = page.partition('data-testid="audit-events"')[2].partition("</table>")[0]
    shown = re.sub(r"<details.*?</details>|<[^>]+>", " ", table, flags=re.S)
    assert "ผลการประเมิน: อนุมัติแล้ว" in shown and "หลักฐาน: เพิ่มคำค้นแล้ว" in shown
    assert "result.approve" not in shown and "evidence.term_add" not in shown
    assert not re.search(r"\b(level|indicators)\b", shown)  # open-data items by their names
    with translation.override("th"):
        from genderseal.opendata.models import Item

        assert f"{Item.LEVEL.label}, {Item.INDICATORS.label}" in shown
    assert "สมหญิง ใจดี" in shown  # the person's name; the user name stays in the detail
    assert "result.approve" in table  # the code is still there for whoever needs it


def test_the_audit_page_filters_by_kind_of_record_in_words(world, login):
    record("result.approve", "1/1.1.1", institution=world.institution, actor=world.secretariat)
    record("evidence.create", "หลักฐานใหม่", institution=world.institution, actor=world.secretariat)
    browser = login("secretariat")
    page = browser.get("/i/bma/audit/", {"action": "evidence"}).content.decode()
    assert 'data-action="evidence.create"' in page and 'data-action="result.approve"' not in page
    assert '<option value="evidence" selected>หลักฐาน</option>' in page


def test_a_unit_page_shows_ratings_in_words_and_a_report_its_hash_only_in_the_detail(world, login):
    from tests.factories import make_issued_report

    browser = login("secretariat")
    page = browser.get("/i/bma/units/21000000/").content.decode()
    owned = page.partition('data-testid="led"')[2] + page.partition('data-testid="supported"')[2]
    assert ">ผ่าน</span>" in owned and ">met</span>" not in owned and ">not_met</span>" not in owned
    report = make_issued_report(world)
    page = browser.get(f"/i/bma/reports/{report.pk}/").content.decode()
    shown = re.sub(r"<details.*?</details>", " ", page, flags=re.S)
    assert report.sha256 in page and report.sha256[:12] not in shown
