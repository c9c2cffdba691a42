"""Reading back the documents we produce: text of a PDF or Word file, its fonts, Thai glyph
coverage, and its pages as images under var/screenshots/<folder>/ for a look by eye."""
import io
import shutil
import subprocess
import unicodedata
from pathlib import Path

SCREENSHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots"


def pdf_text(content):
    """(all pages' text as pdftotext (poppler) reads it in drawing order, NFC; the pypdf reader for fonts and pages)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True,
                          check=True, timeout=60).stdout.decode()
    return unicodedata.normalize("NFC", text), reader


def docx_text(content):
    """(paragraphs and table cells as text, the document)."""
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


def save_pages(folder, name, content, resolution=60, last=None):
    """The PDF and its pages as PNGs in var/screenshots/<folder>/; [] without pdftoppm."""
    where = SCREENSHOTS / folder
    where.mkdir(parents=True, exist_ok=True)
    (where / f"{name}.pdf").write_bytes(content)
    if not shutil.which("pdftoppm"):
        return []
    for old in where.glob(f"{name}-*.png"):
        old.unlink()
    command = ["pdftoppm", "-png", "-r", str(resolution)] + (["-l", str(last)] if last else [])
    subprocess.run(command + [str(where / f"{name}.pdf"), str(where / name)], check=True, timeout=120)
    return sorted(where.glob(f"{name}-*.png"))
