"""QR codes drawn on the server as SVG (segno, pure Python)."""
import segno


def qr_svg(url, scale=4, inline=True):
    """An SVG QR code of `url`; `inline` gives markup for an HTML page (no XML declaration, a viewBox only)."""
    code = segno.make(url, error="m")
    if inline:
        return code.svg_inline(scale=scale, border=2, omitsize=True)  # sized by CSS (.qr svg)
    import io

    out = io.BytesIO()
    code.save(out, kind="svg", scale=scale, border=2, xmldecl=True)
    return out.getvalue()
