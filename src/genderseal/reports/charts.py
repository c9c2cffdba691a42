"""Charts drawn on the server so they live inside the files: SVG for HTML/PDF, PNG for Word.

A chart per dimension is one bar (share of applicable credit) with a tick at each level's
threshold. Text stays outside the drawing, in the document's own Thai font.
"""
import struct
import zlib
from xml.sax.saxutils import quoteattr

FILL = (37, 99, 235)
TRACK = (226, 232, 240)
TICK = (15, 23, 42)


def _hex(rgb):
    return "#%02x%02x%02x" % rgb


def bar_svg(percent: float, markers=(), width: int = 420, height: int = 22) -> str:
    """An inline <svg> bar; markers are objects with .percent and .label (used as a tooltip)."""
    percent = max(0.0, min(100.0, float(percent)))
    filled = width * percent / 100
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" preserveAspectRatio="none" role="img">',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="{_hex(TRACK)}"/>',
        f'<rect x="0" y="0" width="{filled:.1f}" height="{height}" fill="{_hex(FILL)}"/>',
    ]
    for marker in markers:
        x = width * max(0.0, min(100.0, float(marker.percent))) / 100
        parts.append(
            f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height}" stroke="{_hex(TICK)}" stroke-width="2">'
            f"<title>{_escape(marker.label)}</title></line>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _escape(text):
    return quoteattr(str(text))[1:-1]


def bar_png(percent: float, markers=(), width: int = 300, height: int = 16) -> bytes:
    """The same bar as a PNG, written without an imaging library (RGB, no compression tricks)."""
    percent = max(0.0, min(100.0, float(percent)))
    filled = round(width * percent / 100)
    ticks = set()
    for marker in markers:
        x = min(width - 1, round(width * max(0.0, min(100.0, float(marker.percent))) / 100))
        ticks.update({x, max(0, x - 1)})
    row = bytearray()
    for x in range(width):
        row += bytes(TICK if x in ticks else FILL if x < filled else TRACK)
    raw = b"".join(b"\x00" + bytes(row) for _ in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


# --- Charts of the comparison and progress reports -----------------------------------------

BEFORE = (148, 163, 184)
SEX_COLOURS = {"female": (124, 58, 237), "male": (13, 148, 136), "other": (245, 158, 11)}


def _clamp(percent):
    return max(0.0, min(100.0, float(percent or 0)))


def pair_svg(before: float, after: float, width: int = 420, height: int = 24) -> str:
    """Two bars in one drawing: the earlier round (grey, top) over the later round (blue, bottom)."""
    half = height // 2
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" preserveAspectRatio="none" role="img">',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="{_hex(TRACK)}"/>',
        f'<rect x="0" y="0" width="{width * _clamp(before) / 100:.1f}" height="{half - 1}" fill="{_hex(BEFORE)}"/>',
        f'<rect x="0" y="{half}" width="{width * _clamp(after) / 100:.1f}" height="{height - half}" '
        f'fill="{_hex(FILL)}"/>',
        "</svg>",
    ]
    return "".join(parts)


def stacked_svg(parts, width: int = 420, height: int = 18) -> str:
    """One bar split into coloured parts: `parts` is [(share in percent, (r, g, b))], summing to <= 100."""
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" preserveAspectRatio="none" role="img">',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="{_hex(TRACK)}"/>',
    ]
    x = 0.0
    for share, colour in parts:
        w = width * _clamp(share) / 100
        out.append(f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="{height}" fill="{_hex(colour)}"/>')
        x += w
    out.append("</svg>")
    return "".join(out)


def _png(rows) -> bytes:
    """A PNG from rows of RGB pixels (each row a list of (r, g, b))."""
    width, height = len(rows[0]), len(rows)
    raw = b"".join(b"\x00" + b"".join(bytes(px) for px in row) for row in rows)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def _line(width, segments):
    """One row of pixels: `segments` is [(share in percent, colour)] from the left, the rest is the track."""
    row, x = [], 0
    for share, colour in segments:
        n = round(width * _clamp(share) / 100)
        row.extend([colour] * max(0, min(n, width - x)))
        x = len(row)
    row.extend([TRACK] * (width - len(row)))
    return row


def pair_png(before: float, after: float, width: int = 300, height: int = 18) -> bytes:
    half = height // 2
    top, bottom = _line(width, [(before, BEFORE)]), _line(width, [(after, FILL)])
    return _png([top] * (half - 1) + [[TRACK] * width] + [bottom] * (height - half))


def stacked_png(parts, width: int = 300, height: int = 14) -> bytes:
    return _png([_line(width, parts)] * height)
