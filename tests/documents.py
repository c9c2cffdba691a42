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
    """(paragraphs and table cells as text, the document). The break marks we put between Thai words
    (U+200B) and inside names (U+2060) are invisible and taken out, as Word's search ignores them."""
    from docx import Document

    from genderseal.reports.linebreak import plain

    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return plain("\n".join(parts)), document


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


# Hard Thai words: ำ (drawn as two glyphs), tone marks over ำ, ฤๅ, ฯลฯ, ๆ, Thai digits.
HARD_WORDS = ["ทำ", "น้ำ", "กำหนด", "คำสั่ง", "ดำเนินการ", "สำนักงาน", "ฤๅษี", "ฯลฯ", "ต่างๆ", "๑๒๓๔๕"]
HARD_SENTENCE = ("ทำ น้ำ กำหนด คำสั่ง ดำเนินการ สำนักงาน ฤๅษี ฯลฯ ต่างๆ ๑๒๓๔๕ "
                 "สำนักงานเขตได้ดำเนินการตามคำสั่งที่กำหนดเรื่องน้ำท่วมและทำรายงานฯลฯ")


def demo_unit_names():
    """The Thai names of the demo's units (demo/seed_data.yaml)."""
    import yaml

    from genderseal.demo.load import SEED

    return [unit["name"]["th"] for unit in yaml.safe_load(SEED.read_text(encoding="utf-8"))["units"]]


def broken_words(text, words):
    """The words of `words` that a line break cuts in `text` (pdftotext lines)."""
    lines = [line.strip() for line in text.splitlines()]
    cut = set()
    for first, second in zip(lines, lines[1:]):
        joined = first + second
        for word in words:
            for k in range(1, len(word)):
                if first.endswith(word[:k]) and second.startswith(word[k:]) and word in joined:
                    cut.add(word)
    return cut


def pdf_fonts(content):
    """Font names pdffonts lists for a PDF."""
    out = subprocess.run(["pdffonts", "-"], input=content, capture_output=True, check=True, timeout=60).stdout
    return out.decode()


def docx_to_pdf(files, folder="word"):
    """{name: DOCX bytes} -> {name: PDF bytes}, rendered by LibreOffice (one headless soffice call, its own
    profile, Sarabun visible through a fontconfig file naming the bundled TTFs). The PDFs and their first
    pages as PNGs stay under var/screenshots/<folder>/."""
    import tempfile

    from genderseal.reports.typography import FONT_DIR

    where = SCREENSHOTS / folder
    where.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "fonts.conf").write_text(
            '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
            '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
            f"<dir>{FONT_DIR}</dir><cachedir>{tmp / 'fc'}</cachedir></fontconfig>")
        for name, content in files.items():
            (tmp / f"{name}.docx").write_bytes(content)
            (where / f"{name}.docx").write_bytes(content)
        env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp), "FONTCONFIG_FILE": str(tmp / "fonts.conf")}
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp / 'profile'}", "--headless", "--norestore",
                        "--convert-to", "pdf", "--outdir", str(tmp)] + [str(tmp / f"{n}.docx") for n in files],
                       env=env, capture_output=True, check=True, timeout=300)
        out = {name: (tmp / f"{name}.pdf").read_bytes() for name in files}
    for name, content in out.items():
        save_pages(folder, name, content, last=2)
    return out


def outside_page(content):
    """Pages whose words reach outside the page (pdftotext -bbox), as [(page, word)]."""
    import re

    out = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=content, capture_output=True, check=True,
                         timeout=60).stdout.decode()
    bad = []
    for n, page in enumerate(re.findall(r"<page width=\"([\d.]+)\" height=\"([\d.]+)\">(.*?)</page>", out, re.S), 1):
        width, height = float(page[0]), float(page[1])
        for x1, y1, x2, y2, word in re.findall(
                r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">(.*?)</word>', page[2]):
            if float(x1) < 0 or float(y1) < 0 or float(x2) > width + 0.5 or float(y2) > height + 0.5:
                bad.append((n, word))
    return bad


def overflowing_cells(document):
    """Text of a laid-out WeasyPrint document (document_parts.laid_out) that reaches outside its table
    cell, as [(page, text, points beyond)]: a word wider than its column."""
    from weasyprint.formatting_structure import boxes

    bad = []

    def walk(box, cell, page):
        if isinstance(box, boxes.TableCellBox):
            cell = box
        if isinstance(box, boxes.TextBox) and cell is not None:
            left, right = cell.content_box_x(), cell.content_box_x() + cell.width
            beyond = max(box.position_x + box.width - right, left - box.position_x)
            if beyond > 0.5:
                bad.append((page, box.text, round(beyond, 1)))
        for child in getattr(box, "children", ()):
            walk(child, cell, page)

    for number, page in enumerate(document.pages, 1):
        walk(page._page_box, None, number)
    return bad


def overlapping_words(content):
    """Words of a PDF drawn over one another (pdftotext -bbox), as [(page, word, other)]: what a word
    spilling out of its table cell into the next one looks like in a file we did not lay out ourselves."""
    import re

    out = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=content, capture_output=True, check=True,
                         timeout=60).stdout.decode()
    bad = []
    for n, page in enumerate(re.findall(r"<page [^>]*>(.*?)</page>", out, re.S), 1):
        words = [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(
            r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">(.*?)</word>', page)]
        for i, (x1, y1, x2, y2, word) in enumerate(words):
            for u1, v1, u2, v2, other in words[i + 1:]:
                if min(x2, u2) - max(x1, u1) > 1 and min(y2, v2) - max(y1, v1) > 2:
                    bad.append((n, word, other))
    return bad
