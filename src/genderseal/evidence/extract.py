"""Text out of uploaded files for the search index: PDF, DOCX, XLSX, PPTX, CSV and plain text.

Runs in a background task (tasks.py). Output is capped so one huge file cannot swell the index.
"""
import io
import re

MAX_CHARS = 500_000
# What PostgreSQL cannot store in text (NUL) or UTF-8 cannot encode (lone surrogates), and other control
# characters that carry no words: removed; tabs and line breaks are kept.
UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def storable(text):
    return UNSTORABLE.sub("", text)


def _pdf(handle):
    from pypdf import PdfReader

    for page in PdfReader(handle).pages:
        yield page.extract_text() or ""


def _docx(handle):
    import docx

    document = docx.Document(handle)
    for paragraph in document.paragraphs:
        yield paragraph.text
    for table in document.tables:
        for row in table.rows:
            yield " ".join(cell.text for cell in row.cells)


def _xlsx(handle):
    from openpyxl import load_workbook

    workbook = load_workbook(handle, read_only=True, data_only=True)
    try:
        for sheet in workbook.worksheets:
            yield sheet.title
            for row in sheet.iter_rows(values_only=True):
                yield " ".join(str(value) for value in row if value is not None)
    finally:
        workbook.close()


def _pptx(handle):
    from pptx import Presentation

    for slide in Presentation(handle).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                yield shape.text_frame.text


def _text(handle):
    yield io.TextIOWrapper(handle, encoding="utf-8-sig", errors="replace").read(MAX_CHARS)


EXTRACTORS = {
    "application/pdf": _pdf,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": _docx,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": _xlsx,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": _pptx,
    "text/plain": _text,
    "text/csv": _text,
}


def can_extract(content_type):
    return content_type in EXTRACTORS


def extract_text(content_type, handle):
    """All the text of the file, up to MAX_CHARS. Raises on a damaged file."""
    extractor = EXTRACTORS.get(content_type)
    if extractor is None:
        return ""
    parts, total = [], 0
    for part in extractor(handle):
        parts.append(part)
        total += len(part)
        if total >= MAX_CHARS:
            break
    return storable("\n".join(parts)[:MAX_CHARS])
