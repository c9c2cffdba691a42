"""Upload safety: the file's name, size and type (by its content, never its name).

Accepted: PDF, Office (OOXML and legacy), OpenDocument, CSV, plain text and images.
Refused: executables and scripts, archives (and Office files that unpack past a bound),
HTML/SVG, names with path parts or control characters. Each refusal names the file.
"""
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from genderseal.core import archives, errors

SNIFF = 8192


class UploadRefused(errors.Invalid):
    pass


@dataclass(frozen=True)
class Detected:
    content_type: str
    label: str


OOXML = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX"),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"),
    "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "PPTX"),
}
ODF = {
    "application/vnd.oasis.opendocument.text": "ODT",
    "application/vnd.oasis.opendocument.spreadsheet": "ODS",
    "application/vnd.oasis.opendocument.presentation": "ODP",
}
IMAGES = {
    b"\x89PNG\r\n\x1a\n": ("image/png", "PNG"),
    b"\xff\xd8\xff": ("image/jpeg", "JPEG"),
    b"GIF87a": ("image/gif", "GIF"),
    b"GIF89a": ("image/gif", "GIF"),
}
EXECUTABLE = [b"MZ", b"\x7fELF", b"\xfe\xed\xfa", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe",
              b"#!", b"\x00asm", b"dex\n"]
ARCHIVES = [b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf\x27\x1c", b"BZh", b"\xfd7zXZ\x00", b"\x28\xb5\x2f\xfd"]
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
LEGACY_OFFICE = {"doc": "application/msword", "xls": "application/vnd.ms-excel",
                 "ppt": "application/vnd.ms-powerpoint"}


def check_name(name):
    """A plain file name: no folders, no control characters. Returns it in NFC."""
    if not name or not name.strip():
        raise UploadRefused(_("A file has no name."))
    name = unicodedata.normalize("NFC", name)
    if "/" in name or "\\" in name or name in {".", ".."} or name.startswith(".."):
        raise UploadRefused(_("%(name)s: a file name must not contain folders.") % {"name": _printable(name)})
    if any(unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"} for ch in name):
        raise UploadRefused(_("%(name)s: the file name contains control characters.") % {"name": _printable(name)})
    if len(name) > 200:
        raise UploadRefused(_("%(name)s: the file name is too long.") % {"name": name[:40] + "…"})
    return name


def _printable(name):
    return "".join(ch if unicodedata.category(ch)[0] != "C" else "?" for ch in name)[:80]


def detect(name, handle, size):
    """Check an upload; returns what it is or raises UploadRefused. `handle` is a seekable binary file."""
    limit = settings.EVIDENCE_MAX_UPLOAD_BYTES
    if size > limit:
        raise UploadRefused(_("%(name)s is larger than the limit of %(limit)s MB.")
                            % {"name": name, "limit": round(limit / 1024 / 1024, 1)})
    if size == 0:
        raise UploadRefused(_("%(name)s is empty.") % {"name": name})
    handle.seek(0)
    head = handle.read(SNIFF)
    handle.seek(0)
    refused = _("%(name)s: this type of file is not accepted (%(kind)s).")
    if any(head.startswith(magic) for magic in EXECUTABLE):
        raise UploadRefused(refused % {"name": name, "kind": _("a program or script")})
    if head.startswith(b"%PDF-"):
        return Detected("application/pdf", "PDF")
    for magic, found in IMAGES.items():
        if head.startswith(magic):
            return Detected(*found)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Detected("image/webp", "WEBP")
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip(name, handle, size)
    if head.startswith(OLE2):
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        return Detected(LEGACY_OFFICE.get(extension, "application/x-ole-storage"), extension.upper() or "OLE")
    if any(head.startswith(magic) for magic in ARCHIVES) or head[257:262] == b"ustar":
        raise UploadRefused(refused % {"name": name, "kind": _("an archive")})
    return _text(name, head, refused)


def _zip(name, handle, size):
    try:
        archive = zipfile.ZipFile(handle)
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UploadRefused(_("%(name)s is damaged and cannot be read.") % {"name": name}) from None
    try:
        archives.check_zip(archive, settings.EVIDENCE_MAX_UNPACKED_BYTES)
    except archives.ArchiveBomb:
        raise UploadRefused(_("%(name)s unpacks to more than the allowed size; it is refused as an archive bomb.")
                            % {"name": name}) from None
    names = {entry.filename for entry in entries}
    try:
        if "mimetype" in names:
            mimetype = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
            if mimetype in ODF:
                return Detected(mimetype, ODF[mimetype])
        if "[Content_Types].xml" in names:
            for prefix, found in OOXML.items():
                if any(n.startswith(prefix) for n in names):
                    return Detected(*found)
    finally:
        handle.seek(0)
    raise UploadRefused(_("%(name)s: this type of file is not accepted (%(kind)s).") % {"name": name,
                                                                                       "kind": _("an archive")})


def _text(name, head, refused):
    if b"\x00" in head:
        raise UploadRefused(refused % {"name": name, "kind": _("unknown binary data")})
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # not just a character cut at the end of the sniffed block
            raise UploadRefused(refused % {"name": name, "kind": _("unknown binary data")}) from None
        text = head[:error.start].decode("utf-8-sig", "ignore")
    start = text.lstrip()[:200].lower()
    if start.startswith(("<!doctype", "<html", "<svg", "<?xml", "<script")) or "<script" in text.lower():
        raise UploadRefused(refused % {"name": name, "kind": "HTML/SVG/XML"})
    if name.lower().endswith(".csv") or _looks_like_csv(text):
        return Detected("text/csv", "CSV")
    return Detected("text/plain", "TXT")


def _looks_like_csv(text):
    lines = [line for line in text.splitlines()[:10] if line.strip()]
    if len(lines) < 2:
        return False
    counts = {line.count(",") for line in lines[:-1]}
    return len(counts) == 1 and counts != {0}
