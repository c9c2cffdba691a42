"""XSS and CSV/formula-injection payloads in every main text field: pages show them escaped,
spreadsheet exports keep them as text cells (never formulas), CSV exports neutralise them."""
import csv
import io
import itertools
import zipfile

import pytest
from openpyxl import load_workbook

from genderseal.core.audit import record
from genderseal.core.models import Membership, OrgUnit
from genderseal.evidence import dossier as dossiers
from genderseal.planning.models import PeriodReport

from tests.factories import make_evidence, make_organisation, make_planning

pytestmark = pytest.mark.django_db

SCRIPT, IMAGE = "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>'
PAYLOADS = [
    f'=HYPERLINK("http://evil.example/","{SCRIPT}")',
    f"+cmd|' /C calc'!A0{IMAGE}",
    f"@SUM(1+1){SCRIPT}",
    f"-2+3{IMAGE}",
]
RAW = [SCRIPT, "<img src=x onerror"]
ESCAPED = ["&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;"]


@pytest.fixture
def hostile(world, settings, tmp_path):
    """The payloads in unit names, evidence, action items, indicators, comments and the audit trail."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EVIDENCE_ROOT = None
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    payload = itertools.cycle(PAYLOADS)
    OrgUnit.objects.filter(institution=world.institution, code="21000000").update(name_th=next(payload))
    evidence = make_evidence(world.institution, PAYLOADS[0], status="approved", benchmarks=["1.1.1"],
                             description=next(payload), review_comment=next(payload), title_en=next(payload))
    _body, action = make_organisation(world)
    action.title, action.description, action.progress_note = next(payload), next(payload), next(payload)
    action.save()
    indicator = make_planning(world)
    indicator.title_th = indicator.title_en = next(payload)
    indicator.save()
    PeriodReport.objects.create(indicator=indicator, period="2024-10-01", narrative=next(payload))
    world.round.results.filter(benchmark__code="1.1.1").update(assessor_comment=next(payload),
                                                               response=next(payload))
    record("evidence.update", evidence, institution=world.institution, actor=world.secretariat,
           after={"title_th": next(payload)})
    return {"evidence": evidence, "action": action, "indicator": indicator}


PAGES = [
    "/i/bma/evidence/", "/i/bma/evidence/{evidence}/", "/i/bma/evidence/search/?q=HYPERLINK",
    "/i/bma/rounds/1/", "/i/bma/rounds/1/results/1.1.1/", "/i/bma/units/", "/i/bma/units/21000000/",
    "/i/bma/actions/", "/i/bma/actions/{action}/", "/i/bma/plan/", "/i/bma/plan/indicators/IND-1/?fy=2568",
    "/i/bma/audit/",
]


@pytest.mark.parametrize("page", PAGES)
def test_pages_show_the_payloads_escaped(hostile, login, page):
    url = page.format(evidence=hostile["evidence"].pk, action=hostile["action"].number)
    response = login("secretariat").get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    for raw in RAW:
        assert raw not in html, f"{url} shows {raw!r} unescaped"
    assert any(escaped in html for escaped in ESCAPED), f"{url} does not show the record at all"


def no_formulas(data):
    """Every cell of every sheet: nothing is a formula, and the payloads are there as text."""
    book = load_workbook(io.BytesIO(data))
    texts = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula: {cell.value!r}"
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    return texts


def test_the_results_workbook_keeps_payloads_as_text(hostile, login):
    response = login("secretariat").get("/i/bma/rounds/1/results.xlsx")
    assert response.status_code == 200
    texts = no_formulas(response.content)
    assert PAYLOADS[0] in texts or any(t.startswith(("=", "+", "-", "@")) for t in texts)


def test_the_planning_export_keeps_titles_and_narratives_as_text(hostile, login):
    response = login("secretariat").get("/i/bma/plan/export/")
    assert response.status_code == 200
    texts = no_formulas(response.content)
    assert hostile["indicator"].title_th in texts  # the value itself is unchanged: the import reads it back
    assert PeriodReport.objects.get().narrative in texts


def test_the_audit_exports_neutralise_formulas(hostile, login):
    client = login("secretariat")
    response = client.get("/i/bma/audit/?format=csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    fields = [field for row in csv.reader(io.StringIO(text)) for field in row]
    assert not [f for f in fields if f.startswith(("=", "+", "@"))]
    assert any(f.startswith("'=") or f.startswith("'+") or f.startswith("'@") or f.startswith("'-") for f in fields)
    response = client.get("/i/bma/audit/?format=xlsx")
    no_formulas(b"".join(response.streaming_content))


def test_the_dossier_index_keeps_payloads_as_text(hostile, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        dossier = dossiers.start(Membership.objects.get(user=world.secretariat), world.round)
    dossier.refresh_from_db()
    assert dossier.state == "done", dossier.error
    from genderseal.reports.storage import get_store

    with get_store().open(dossier.storage_name) as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    texts = no_formulas(archive.read("index.xlsx"))
    assert hostile["evidence"].title_th in texts
    html = archive.read("index.html").decode()
    assert not [raw for raw in RAW if raw in html] and any(escaped in html for escaped in ESCAPED)
