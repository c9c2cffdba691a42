"""History panels read as words: labels, names, Buddhist Era dates; codes and hashes only in technical details."""
import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from genderseal.core.audit import record
from genderseal.core.history import describe
from genderseal.core.models import AuditEvent, OrgUnit

from tests.factories import make_evidence, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def test_an_evidence_event_reads_in_thai_words(world):
    evidence = make_evidence(world.institution)
    unit = OrgUnit.objects.get(institution=world.institution, code="21000000")
    world.secretariat.first_name = "สมศรี"
    world.secretariat.save()
    record("evidence.update", evidence.title_th, institution=world.institution, actor=world.secretariat,
           ref=f"evidence:{evidence.pk}",
           before={"status": "submitted", "owner_unit": None, "expires_on": None},
           after={"status": "approved", "owner_unit": unit.pk, "expires_on": "2025-09-30"},
           sha256="ab" * 32, reason="ครบถ้วน")
    with translation.override("th"):
        [row] = describe(AuditEvent.objects.filter(action="evidence.update"))
        changes = {c.label: (c.before, c.after) for c in row.changes}
    assert row.who == "สมศรี"
    assert row.what == "หลักฐาน: แก้ไขแล้ว"
    assert changes["สถานะ"] == ("ส่งแล้ว", "อนุมัติแล้ว")
    assert changes["วันหมดอายุ"][1] == "30 กันยายน 2568"
    assert changes["หน่วยงานผู้รับผิดชอบ"] == ("–", str(unit))
    assert ("เหตุผล", "ครบถ้วน") in row.notes
    assert all("ab" * 8 not in text for _label, text in row.notes)


def test_the_panel_keeps_codes_and_hashes_inside_technical_details(world):
    evidence = make_evidence(world.institution)
    record("evidence.approve", evidence.title_th, institution=world.institution, actor=world.secretariat,
           ref=f"evidence:{evidence.pk}", before={"status": "submitted"}, after={"status": "approved"},
           sha256="cd" * 32)
    with translation.override("th"):
        html = render_to_string("core/_history.html", {"history": list(AuditEvent.objects.all())})
    visible, _sep, technical = html.partition('<details class="tech">')
    visible = re.sub(r"<[^>]+>", " ", visible)  # the text an official reads
    assert "หลักฐาน: อนุมัติแล้ว" in visible and "อนุมัติแล้ว" in visible
    assert "evidence.approve" not in visible and "cd" * 32 not in visible
    assert "evidence.approve" in technical


def test_a_file_added_and_a_version_read_in_thai_with_the_size_in_words(world):
    evidence = make_evidence(world.institution)
    record("evidence.upload", evidence.title_th, institution=world.institution, actor=world.secretariat,
           ref=f"evidence:{evidence.pk}", revision=1, file="a.pdf", size=28580)
    record("evidence.approve", evidence.title_th, institution=world.institution, actor=world.secretariat,
           ref=f"evidence:{evidence.pk}", before={"status": "submitted"}, after={"status": "approved"}, version=3)
    with translation.override("th"):
        rows = describe(AuditEvent.objects.filter(action__in=["evidence.upload", "evidence.approve"]))
    labels = [label for row in rows for label, _text in row.notes]
    assert "Version" not in labels and "Size" not in labels and "ฉบับ" in labels
    assert not any(text == "28580" for row in rows for _label, text in row.notes)


def test_a_batch_of_survey_links_and_a_token_read_in_words_with_the_unit_by_name(world):
    unit = OrgUnit.objects.get(institution=world.institution, code="21000000")
    record("survey.links", "แบบสำรวจ", institution=world.institution, actor=world.secretariat, ref="survey:1",
           unit=unit.code, delivery="email", count=3, staff_count=40, flagged=False)
    record("api_token.create", "ระบบ KPI", institution=world.institution, actor=world.secretariat,
           ref="api_token:1", holder="secretariat")
    with translation.override("th"):
        rows = describe(AuditEvent.objects.filter(action__in=["survey.links", "api_token.create"]))
    notes = {label: text for row in rows for label, text in row.notes}
    assert notes["หน่วยงาน"] == "สำนักยุทธศาสตร์และประเมินผล (สยป.)"
    assert notes["วิธีส่ง"].startswith("ทางอีเมล") and notes["ลิงก์"] == "3"
    assert not any(re.fullmatch(r"[A-Z][a-z ]+", label) for label in notes), notes


def test_a_member_joining_reads_with_the_role_and_units_in_words(world):
    record("member.join", "focal", institution=world.institution, actor=world.secretariat, ref="member:1",
           invitation=2, before={}, after={"user": "focal", "role": "focal_point", "units": ["21000000"]})
    record("evidence.update", "x", institution=world.institution, actor=world.secretariat, ref="evidence:1",
           before={"owner_unit": None}, after={"owner_unit": "03000000 สำนักงาน ก.ก."})
    with translation.override("th"):
        rows = describe(AuditEvent.objects.filter(action__in=["member.join", "evidence.update"]))
    changes = {c.label: c.after for row in rows for c in row.changes}
    assert changes["บทบาท"] == "ผู้ประสานงานหน่วยงาน" and changes["หน่วยงาน"] == "สำนักยุทธศาสตร์และประเมินผล (สยป.)"
    assert "03000000" not in changes["หน่วยงานผู้รับผิดชอบ"]
    labels = [label for row in rows for label, _text in row.notes] + list(changes)
    assert not any(re.fullmatch(r"[A-Z][a-z ]+", label) for label in labels), labels
