"""Reports tests: files in a temporary MEDIA_ROOT, tasks run at once (after commit, when captured)."""
import io
from pathlib import Path

import pytest

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "reports"


@pytest.fixture(autouse=True)
def report_storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EVIDENCE_ROOT = None
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def pdf_text(content):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages), reader


def docx_text(content):
    from docx import Document

    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts), document


def embedded_fonts(reader):
    return {str(font.get_object().get("/BaseFont")) for page in reader.pages
            for font in (page.get("/Resources") or {}).get("/Font", {}).get_object().values()}


def missing_glyphs(html):
    """Characters of the document body (beyond ASCII) that the embedded Sarabun cannot draw."""
    from fontTools.ttLib import TTFont

    from genderseal.reports import typography

    cmap = TTFont(typography.FONT_FILES[("normal", "normal")]).getBestCmap()
    body = html.split("<body>", 1)[1]
    return {ch for ch in body if ord(ch) > 127 and ord(ch) not in cmap}


def save_pages(name, content):
    """The PDF's pages as PNGs in var/screenshots/reports/ (looked at by eye); skipped without pdftoppm."""
    import shutil
    import subprocess

    if not shutil.which("pdftoppm"):
        return []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / f"{name}.pdf").write_bytes(content)
    for old in SCREENSHOTS.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(SCREENSHOTS / f"{name}.pdf"), str(SCREENSHOTS / name)],
                   check=True, timeout=120)
    return sorted(SCREENSHOTS.glob(f"{name}-*.png"))
