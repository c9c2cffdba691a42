"""Sealed printed slips: one A4 page per link, folded in three so the link and its QR code are inside.

The PDF is built once, in the answer to the request that makes the batch: the tokens exist only
there (the database keeps their digests), so the slips can never be printed again from the system.
"""
from django.template.loader import render_to_string

from genderseal.reports.document_parts import html_context, pdf_from_html

from .qr import qr_svg


def slips_pdf(survey, unit, tokens, link_for) -> bytes:
    slips = []
    for token in tokens:
        url = link_for(token)
        head, _sep, tail = url.rpartition(token)
        slips.append({"head": head, "tail": token + tail, "qr": qr_svg(url, scale=3)})
    html = render_to_string("survey/slips_pdf.html", html_context(survey=survey, unit=unit, slips=slips))
    return pdf_from_html(html)
