"""Issue 14 item 4: text extraction runs in a child process within CPU-time and memory limits; a file over
them marks its revision failed with a clear reason; spreadsheets are read as the cells they hold."""
import io
import re
import time

import pytest

from genderseal.core.models import Membership
from genderseal.evidence import extract, services, tasks
from genderseal.evidence.models import ExtractionState

from tests.factories import make_evidence, make_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(world, settings_tmp_media, settings):
    settings.EXTRACTION_CPU_SECONDS = 1
    settings.EXTRACTION_MEMORY_MB = 64
    settings.EXTRACTION_WALL_SECONDS = 60
    return make_evidence(world.institution, "แผนปฏิบัติการ", status="approved")


def extracted(world, item, name, content):
    revision = services.add_file(Membership.objects.get(user=world.secretariat), item, make_upload(name, content))
    tasks.extract_revision.call(revision.pk)
    revision.refresh_from_db()
    return revision


def test_a_file_needing_too_much_processor_time_fails_with_the_reason(world, item, monkeypatch):
    def greedy(handle):
        start = time.process_time()
        while time.process_time() - start < 4:  # more than the 1 s allowed
            pass
        yield "read at last"

    monkeypatch.setitem(extract.EXTRACTORS, "text/plain", greedy)
    revision = extracted(world, item, "notes.txt", b"plain words")
    assert revision.extraction == ExtractionState.FAILED and revision.extracted_text == ""
    assert "1" in revision.extraction_error and "processor" in revision.extraction_error or \
        "หน่วยประมวลผล" in revision.extraction_error


def test_a_file_needing_too_much_memory_fails_with_the_reason(world, item, monkeypatch):
    def hungry(handle):
        block = bytearray(256 * 1024 * 1024)  # four times the 64 MB allowed
        yield str(len(block))

    monkeypatch.setitem(extract.EXTRACTORS, "text/plain", hungry)
    revision = extracted(world, item, "notes.txt", b"plain words")
    assert revision.extraction == ExtractionState.FAILED
    assert "64" in revision.extraction_error


def test_the_worker_goes_on_after_a_file_over_the_limits(world, item, monkeypatch):
    revision = extracted(world, item, "ok.txt", "ผ้าอนามัย".encode())
    assert revision.extraction == ExtractionState.DONE and "ผ้าอนามัย" in revision.extracted_text


def hostile_xlsx(dimension="A1:XFD1048576", sheets=1):
    """A few KB: one cell per sheet, but a declared dimension of every cell Excel allows."""
    import zipfile

    from openpyxl import Workbook

    book = Workbook()
    for number in range(sheets):
        sheet = book.active if number == 0 else book.create_sheet()
        sheet["A1"] = f"hello {number}"
    out = io.BytesIO()
    book.save(out)
    source, patched = zipfile.ZipFile(io.BytesIO(out.getvalue())), io.BytesIO()
    with zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{dimension}"/>'.encode(), data)
                assert dimension.encode() in data
            target.writestr(entry, data)
    return patched.getvalue()


def test_a_spreadsheet_declaring_every_cell_is_read_as_the_cells_it_holds(world, item):
    """The 5.8 KB XLSX declaring A1:XFD1048576 used to cost ~100 s per sheet (1M padded rows)."""
    content = hostile_xlsx(sheets=3)
    assert len(content) < 10_000
    revision = extracted(world, item, "hostile.xlsx", content)
    assert revision.extraction == ExtractionState.DONE
    assert "hello 0" in revision.extracted_text and "hello 2" in revision.extracted_text
    assert len(revision.extracted_text) < 200  # the cells held, not a million padded rows
