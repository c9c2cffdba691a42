"""Small PDFs with Thai text for the demo and tests, generated offline with reportlab and Sarabun."""
import io
from functools import lru_cache
from pathlib import Path

FONT = "Sarabun"


@lru_cache(maxsize=1)
def _register():
    import fontpkg_sarabun
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    path = Path(fontpkg_sarabun.__file__).parent / "files" / "Sarabun-Regular.ttf"
    pdfmetrics.registerFont(TTFont(FONT, str(path)))
    return FONT


def thai_pdf(lines, title=""):
    """PDF bytes: one line of text per entry, 16 pt Sarabun, new pages as needed."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    font = _register()
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, invariant=1)
    if title:
        pdf.setTitle(title)
    width, height = A4
    y = height - 72
    pdf.setFont(font, 16)
    for line in lines:
        if y < 72:
            pdf.showPage()
            pdf.setFont(font, 16)
            y = height - 72
        pdf.drawString(72, y, line)
        y -= 24
    pdf.save()
    return out.getvalue()
