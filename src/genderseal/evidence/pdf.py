"""Small PDFs with Thai text for the demo and tests, made offline with WeasyPrint and Sarabun."""
from functools import lru_cache

from django.utils.html import escape

FONT = "Sarabun"


def thai_pdf(lines, title=""):
    """PDF bytes: one line of text per entry, 16 pt Sarabun on A4, new pages as needed."""
    return _thai_pdf(tuple(lines), title)


@lru_cache(maxsize=64)
def _thai_pdf(lines, title):
    # The same lines always make the same PDF: made once per process (the demo asks for the same few).
    from genderseal.reports import typography
    from genderseal.reports.document_parts import pdf_from_html

    body = "".join(f"<p>{escape(line)}</p>" for line in lines)
    html = (f"<!doctype html><html lang='th'><head><meta charset='utf-8'><title>{escape(title)}</title>"
            f"<style>{typography.font_face_css()} @page {{ size: A4; margin: 25mm }}"
            f" body {{ font-family: {FONT}; font-size: 16pt }} p {{ margin: 0 0 8pt }}</style></head>"
            f"<body>{body}</body></html>")
    return pdf_from_html(html)
