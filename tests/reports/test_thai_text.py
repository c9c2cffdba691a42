"""Every document kind read back as an official uses it: the PDF's text (pdftotext) and the Word file
printed by LibreOffice give back the source's Thai exactly (ำ and tone marks included), lines break
between words and never inside the hard words or the demo's unit names; covers, numbered rows and the
memo's signature are where they are due; nothing is drawn outside the page; Sarabun is the font used."""
import re
import shutil
import subprocess
import unicodedata
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from genderseal.assessments.models import BenchmarkResult
from genderseal.core.models import Membership, OrgUnit
from genderseal.organisation.models import ActionItem
from genderseal.reports import document_parts, linebreak, memo, readiness
from genderseal.reports.models import IssuedReport
from genderseal.reports.typography import Style

from tests.documents import (
    HARD_SENTENCE,
    HARD_WORDS,
    broken_words,
    demo_unit_names,
    docx_text,
    docx_to_pdf,
    outside_page,
    overflowing_cells,
    overlapping_words,
    pdf_fonts,
    pdf_text,
    save_pages,
)
from tests.factories import make_planning, make_round

pytestmark = pytest.mark.django_db

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is installed by make setup")
needs_soffice = pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is installed by make setup")


def _flat(text):
    return "".join(unicodedata.normalize("NFC", text).split())


def _reads(name, flat):
    """The name is in the text; a name long enough to break between its words (a row split across pages
    puts the repeated header between them) has each of its words in the text, in order."""
    if _flat(name) in flat:
        return True
    if len(name) <= linebreak.LONG_NAME:
        return False
    return re.search(".*".join(re.escape(w) for w in linebreak.words(_flat(name)) if w.strip()), flat)


# Words of the narrow table headers that word processors cut (เกณฑ์มาตรฐาน, วันครบกำหนด, สถานะ).
HEADER_WORDS = ["มาตรฐาน", "ผู้รับผิดชอบ", "ครบกำหนด", "สถานะ", "ประเมิน", "ดำเนินการ", "เป้าหมาย"]


def _unbreakable():
    """Words no line may cut: the hard words, the narrow headers' words and the demo's unit names that fit
    a table column."""
    return HARD_WORDS + HEADER_WORDS + [n for n in demo_unit_names()
                                        if " " not in n and len(n) <= linebreak.LONG_NAME]


@needs_poppler
def test_a_pdf_gives_back_the_thai_text_and_breaks_lines_between_words_only():
    from django.template import engines

    units = demo_unit_names()
    template = engines["django"].from_string(
        "{% load documents %}<html><head><style>{{ font_faces|safe }} html { font-family: Sarabun; font-size: 16pt }"
        " td { border: .5pt solid; vertical-align: top } table { table-layout: fixed; width: 100% }</style></head>"
        "<body><p>{{ sentence }}</p>{% for u in units %}<p>{{ u|name }} {{ sentence }}</p>{% endfor %}"
        "<table><tr><td style='width: 3cm'>{{ sentence }}</td><td style='width: 4.5cm'>{% for u in units %}"
        "{{ u|name }}<br>{% endfor %}</td><td>{{ sentence }} {{ sentence }}</td></tr></table></body></html>")
    html = template.render(document_parts.html_context(sentence=HARD_SENTENCE, units=units))
    content = document_parts.pdf_from_html(html)
    text, _reader = pdf_text(content)
    assert "\u200b" not in text and "\u2060" not in text
    flat = _flat(text)
    assert _flat(HARD_SENTENCE) in flat
    for unit in units:
        assert _flat(unit) in flat
    assert flat.count(_flat(HARD_SENTENCE)) == 4 + len(units)
    assert not broken_words(text, _unbreakable())
    save_pages("thai", "breaks", content)


def _corpus_world(world):
    """Units named as the demo's, action items in round 1 titled with the hard words, a comment full of them,
    and a round 2 whose title holds them too."""
    units = []
    for i, name in enumerate(demo_unit_names()):
        units.append(OrgUnit.objects.create(institution=world.institution, code=f"{70000000 + i}", name_th=name))
    results = list(BenchmarkResult.objects.filter(round=world.round).order_by("benchmark__order")[:len(units)])
    for i, (unit, result) in enumerate(zip(units, results), 1):
        ActionItem.objects.create(institution=world.institution, number=100 + 7 * i, result=result, owner_unit=unit,
                                  title=f"{HARD_WORDS[i % len(HARD_WORDS)]} {unit.name_th}", due_on=date(2026, 3, i))
    results[0].assessor_comment = HARD_SENTENCE
    results[0].save(update_fields=["assessor_comment"])
    make_round(world.institution, world.framework, number=2, met=["1.1.1"], title=f"รอบ ๒ {HARD_SENTENCE}",
               result_on=date(2025, 8, 15))
    indicator = make_planning(world)
    indicator.title_th = HARD_SENTENCE
    indicator.save(update_fields=["title_th"])
    return units


def _issue(client, capture, **data):
    with capture(execute=True):
        client.post(reverse("report-request", kwargs={"slug": "bma"}), data)
    report = IssuedReport.objects.latest("pk")
    assert report.state == "done", report.error
    return report, b"".join(client.get(reverse("report-download", kwargs={"slug": "bma", "pk": report.pk}))
                            .streaming_content)


KINDS = {
    "readiness": dict(kind="readiness", round=1),
    "comparison": dict(kind="comparison", round=2, other=1),
    "progress": dict(kind="action_plan_progress", fiscal_year=2568, quarter=0),
}
URL = "https://meet.example.org/bma/gender-seal/interview-room-0123456789abcdef"
MEMO = {"office": "สำนักงานเลขานุการ กรุงเทพมหานคร", "number": "กท ๐๔๐๑/๑๒๓", "date": "๖ ธันวาคม ๒๕๖๙",
        "subject": "ส่งรายงานความพร้อม", "to": "ผู้อำนวยการสำนักยุทธศาสตร์และประเมินผล",
        "body": f"{HARD_SENTENCE}\n\nจึงเรียนมาเพื่อโปรดทราบ", "name": "นางสาวกำไลทอง น้ำใจดี",
        "position": "ผู้อำนวยการสำนักงาน"}
# What each document's cover is titled, and how many signature blocks ("ลงชื่อ") it ends with.
TITLES = {"readiness": "Readiness report", "comparison": "Comparison of two rounds",
          "progress": "Action-plan progress report", "worksheet": "Gender analysis worksheet",
          "screening": "Project screening form", "briefing": "Briefing pack for the external assessment interview",
          "dossier": "Evidence dossier"}
SIGNED = {"readiness": 2, "progress": 2, "worksheet": 2, "screening": 2, "comparison": 0, "briefing": 0, "memo": 0,
          "dossier": 1}


@pytest.fixture
def layouts(monkeypatch):
    """{document title: text reaching outside its table cell} for every PDF laid out during the test."""
    found = {}
    real = document_parts.laid_out

    def checked(html, names=()):
        document = real(html, names)
        found[re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()] = overflowing_cells(document)
        return document

    monkeypatch.setattr(document_parts, "laid_out", checked)
    return found


def _analysis_world(world):
    """An approved worksheet and screening form of project P-1 full of hard words (a URL as a source)."""
    from genderseal.analysis.models import Screening, Worksheet

    from tests.factories import make_worksheet

    worksheet = make_worksheet(world, status="approved")
    Worksheet.objects.filter(pk=worksheet.pk).update(
        problem=HARD_SENTENCE, submitted_by=world.focal_point, reviewed_by=world.secretariat,
        submitted_at=timezone.now(), reviewed_at=timezone.now(),
        baseline=[{"label": "วันขาดเรียนต่อเดือน", "kind": "count", "women": "5", "men": "0", "diverse": "",
                   "source": URL}])
    Screening.objects.create(
        institution=world.institution, project=worksheet.project, fiscal_year=2568, status="approved",
        international="yes", international_note=HARD_SENTENCE, national="yes", national_note="แผนชาติ",
        institution_plan="partly", institution_plan_note=URL, leadership="yes", leadership_note="นโยบายผู้ว่าฯ",
        fit="yes", fit_note="สอดคล้อง", recommendation="approve", recommendation_note="เสนอให้ความเห็นชอบ",
        submitted_by=world.focal_point, submitted_at=timezone.now(), reviewed_by=world.secretariat,
        reviewed_at=timezone.now(), review_comment="เห็นชอบ")


def _briefing(world, fmt):
    """The focal point's briefing pack: an interview session titled with hard words, met online at URL."""
    from genderseal.readiness import briefing, briefing_documents
    from genderseal.readiness.models import InterviewSession

    if not InterviewSession.objects.filter(institution=world.institution).exists():
        from tests.factories import make_readiness

        _milestone, _question, session = make_readiness(world)
        session.title_th, session.online_link = HARD_SENTENCE, URL
        session.save()
    membership = Membership.objects.select_related("institution").get(user=world.focal_point)
    pack = briefing.build(membership, user=world.focal_point, style=document_parts.official_style(
        world.institution, "th", "thai"))
    return briefing_documents.briefing_pdf(pack) if fmt == "pdf" else briefing_documents.briefing_docx(pack)


def _first_page(content):
    return unicodedata.normalize("NFC", subprocess.run(
        ["pdftotext", "-raw", "-l", "1", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True,
        timeout=60).stdout.decode())


def _documents(world, client, capture):
    """({kind: PDF}, {kind: DOCX}, {kind: document number}) of every official document, as a user gets them."""
    pdfs, words, numbers = {}, {}, {}
    for name, data in KINDS.items():
        for fmt in ("pdf", "docx"):
            report, content = _issue(client, capture, format=fmt, digits="thai", **data)
            (pdfs if fmt == "pdf" else words)[name] = content
            numbers[name, "pdf" if fmt == "pdf" else "word"] = document_parts.document_number(report)
    for fmt, out in (("pdf", pdfs), ("docx", words)):
        response = client.post(reverse("round-memo", kwargs={"slug": "bma", "number": 1}),
                               {**MEMO, "format": fmt, "sends": "report"})
        assert response.status_code == 200, response.content[:500]
        out["memo"] = response.content
        for name in ("worksheet", "screening"):
            response = client.get(reverse(f"analysis-{name}-{fmt}", args=["bma", "P-1"]), {"digits": "thai"})
            assert response.status_code == 200, (name, fmt)
            out[name] = response.content
        out["briefing"] = _briefing(world, fmt)
        out["dossier"] = _dossier_cover(world, fmt)
    return pdfs, words, numbers


def _dossier_cover(world, fmt):
    """The cover of round 1's dossier: evidence titled with hard words on three benchmarks."""
    from types import SimpleNamespace

    from genderseal.evidence.models import EvidenceLink
    from genderseal.reports import dossier_cover

    from tests.factories import make_evidence

    if not EvidenceLink.objects.filter(evidence__institution=world.institution).exists():
        make_evidence(world.institution, HARD_SENTENCE, status="approved", benchmarks=["1.1.1", "1.1.2", "5.2.4"])
    items = [SimpleNamespace(benchmark=link.benchmark, evidence=link.evidence, revision=None)
             for link in EvidenceLink.objects.select_related("benchmark__goal__dimension", "evidence")]
    data = dossier_cover.build(world.institution, world.round, items, user=world.secretariat,
                               style=document_parts.official_style(world.institution, "th", "thai"))
    return dossier_cover.cover_pdf(data) if fmt == "pdf" else dossier_cover.cover_docx(data)


@needs_poppler
@needs_soffice
@pytest.mark.office
def test_every_document_kind_reads_back_exactly_as_pdf_and_as_word_printed(world, login, layouts,
                                                                          django_capture_on_commit_callbacks):
    from django.utils import translation

    units = _corpus_world(world)
    _analysis_world(world)
    world.institution.emblem.save("emblem.png", ContentFile(_png()), save=True)
    pdfs, words, numbers = _documents(world, login("secretariat"), django_capture_on_commit_callbacks)

    for name, content in pdfs.items():  # for a look by eye (docs/reports.md shows them)
        save_pages("documents", name, content, last=3)
    printed = docx_to_pdf(words)  # one LibreOffice call for every Word file
    unbreakable = _unbreakable()
    with translation.override("th"):
        titles = {name: _flat(translation.gettext(title)) for name, title in TITLES.items()}
    for name in pdfs:
        for how, content in (("pdf", pdfs[name]), ("word", printed[name])):
            text, reader = pdf_text(content)
            flat = _flat(text)
            where = f"{name} ({how})"
            assert "\u200b" not in text and "\u2060" not in text, where
            assert not broken_words(text, unbreakable), where
            assert not outside_page(content), where
            assert not overlapping_words(content), where
            assert "Sarabun" in pdf_fonts(content), where
            assert reader.pages[0].images, where  # the emblem: on the cover, at the memo's heading
            assert text.count("ลงชื่อ") == SIGNED[name], where  # the signature blocks where due
            if name == "memo":
                for value in MEMO.values():
                    for paragraph in value.split("\n\n"):
                        assert _flat(paragraph) in flat, (where, paragraph)
                assert "บันทึกข้อความ" in flat and "(นางสาวกำไลทองน้ำใจดี)" in flat  # the letter's signature
                continue
            # The cover: emblem, institution, title, Buddhist Era date of issue, alone on the first page.
            cover = _flat(_first_page(content))
            assert cover.startswith("กรุงเทพมหานคร") and titles[name] in cover, where
            assert re.search("ออกรายงานเมื่อ:[๐-๙]{1,2}[ก-๛]+[๐-๙]{4}", cover), (where, cover)
            if name in ("readiness", "comparison"):
                assert _flat(f"รอบ ๒ {HARD_SENTENCE}") in flat or name == "readiness", where
            if name == "readiness":
                assert _flat(HARD_SENTENCE) in flat, where  # the assessor's comment
                for unit in units:
                    assert _reads(unit.name_th, flat), (where, unit.name_th)
                # The document number on the cover; rows numbered ๑..n, not the items' numbers.
                assert _flat(numbers[name, how].translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))) in cover, where
                assert "๑๐๗" not in text and "107" not in text, where
            if name in ("progress", "worksheet", "screening", "briefing"):
                assert _flat(HARD_SENTENCE) in flat, where  # an indicator, the problem, a note, a session
            if name in ("worksheet", "screening", "briefing"):
                assert URL in flat, where  # a long token wraps inside its cell and reads back whole
    assert len(layouts) == len(pdfs), layouts.keys()  # every PDF was laid out under watch...
    assert not any(layouts.values()), layouts  # ...and no word reaches outside its table cell
    for name, content in words.items():  # the Word file itself holds the same text, and the emblem
        text, document = docx_text(content)
        assert "กรุงเทพมหานคร" in text or name == "memo"
        assert len(document.inline_shapes) >= 1, name


def _png():
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (60, 60), (180, 20, 20)).save(out, "PNG")
    return out.getvalue()


def test_readiness_rows_are_numbered_one_to_n(world):
    units = _corpus_world(world)
    membership = Membership.objects.select_related("institution").get(user=world.secretariat)
    report = readiness.build(membership, world.round, Style("th", "thai"))
    assert [a.row for a in report.actions] == [str(i).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
                                               for i in range(1, len(units) + 1)]


def test_memo_page_is_filled_from_the_round_and_the_institution(world, login):
    client = login("secretariat")
    page = client.get(reverse("round-memo", kwargs={"slug": "bma", "number": 1}))
    assert page.status_code == 200
    body = page.content.decode()
    assert "กรุงเทพมหานคร" in body and world.round.title in body
    assert reverse("round-memo", kwargs={"slug": "bma", "number": 1}) in client.get(
        reverse("round-detail", kwargs={"slug": "bma", "number": 1})).content.decode()
    refused = client.post(reverse("round-memo", kwargs={"slug": "bma", "number": 1}),
                          {"office": "สำนักงาน", "subject": "", "format": "pdf", "sends": "report"})
    assert refused.status_code == 400 and "text/html" in refused["Content-Type"]
    assert "สำนักงาน" in refused.content.decode()  # what was typed is shown again


def test_memo_defaults_say_what_it_sends(world):
    membership = Membership.objects.select_related("institution").get(user=world.secretariat)
    report = memo.defaults(membership, world.round, Style("th"), user=world.secretariat)
    dossier = memo.defaults(membership, world.round, Style("th"), user=world.secretariat, sends="dossier")
    assert report["office"] == "กรุงเทพมหานคร" and report["subject"] != dossier["subject"]
    assert world.round.title in report["subject"]


def test_the_api_writes_the_memo_filled_from_the_round(world, client):
    from genderseal.core.models import ApiToken

    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {ApiToken.issue(world.secretariat, 'test')}"
    url = reverse("api:round_memo", kwargs={"slug": "bma", "number": 1})
    response = client.post(url, {"format": "docx", "to": "ผู้อำนวยการสำนักงาน"}, content_type="application/json")
    assert response.status_code == 200
    text, _document = docx_text(response.content)
    assert "ผู้อำนวยการสำนักงาน" in text and "กรุงเทพมหานคร" in text and world.round.title in text
    assert client.post(url, {"format": "odt"}, content_type="application/json").status_code == 400
    other = reverse("api:round_memo", kwargs={"slug": "other", "number": 1})
    assert client.post(other, {}, content_type="application/json").status_code == 404
