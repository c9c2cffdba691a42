"""Where issued reports are kept: the evidence storage's content-addressed classes, in their own place.

`MEDIA_ROOT/reports` (or `REPORTS_ROOT`) locally, the `reports` prefix of the evidence bucket on
S3-compatible storage. A name is the sha256 of the content: a file is never overwritten, and two
identical documents are stored once.
"""
import io
from pathlib import Path

from django.conf import settings

from genderseal.evidence.storage import LocalStore, S3Store


def get_store():
    if settings.EVIDENCE_S3_BUCKET:
        return S3Store({**settings.EVIDENCE_S3_OPTIONS, "location": "reports"})
    return LocalStore(getattr(settings, "REPORTS_ROOT", None) or Path(settings.MEDIA_ROOT) / "reports")


def put_bytes(content: bytes):
    """Store the content; returns Stored(name, sha256, size)."""
    return get_store().put(io.BytesIO(content))
