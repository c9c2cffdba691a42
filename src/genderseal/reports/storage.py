"""Where issued files (reports, briefing packs, dossiers) are kept: the evidence storage's content-addressed classes, in their own place.

`MEDIA_ROOT/reports` (or `REPORTS_ROOT`) locally, the `reports` prefix of the evidence bucket on
S3-compatible storage. A name is the sha256 of the content: a file is never overwritten, and two
identical documents are stored once.
"""
import hashlib
import io
from pathlib import Path

from django.conf import settings

from genderseal.evidence.storage import CHUNK, LocalStore, S3Store, Stored, name_for


def get_store():
    if settings.EVIDENCE_S3_BUCKET:
        return S3Store({**settings.EVIDENCE_S3_OPTIONS, "location": "reports"})
    return LocalStore(getattr(settings, "REPORTS_ROOT", None) or Path(settings.MEDIA_ROOT) / "reports")


def put_bytes(content: bytes):
    """Store the content; returns Stored(name, sha256, size)."""
    return get_store().put(io.BytesIO(content))


def scratch_dir():
    """Where to write a big file before `put_file` moves it in (the store's own disk when local)."""
    import tempfile

    return get_store().scratch_dir() or tempfile.gettempdir()


def put_file(path):
    """Move a finished file (a dossier) into the store under its hash; returns Stored(name, sha256, size).
    The file at `path` is gone afterwards (moved in, or removed when the same content is stored already)."""
    path = Path(path)
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    sha, size = digest.hexdigest(), path.stat().st_size
    store = get_store()
    try:
        store.put_path(path, name_for(sha))
    except FileExistsError:  # the same bytes are stored already
        path.unlink(missing_ok=True)
    return Stored(name_for(sha), sha, size)


def download(issued):
    """The finished file of an issued report (a dossier included) as an attachment; 404 while it is not ready."""
    from django.http import FileResponse, Http404

    if not issued.is_ready:
        raise Http404
    return FileResponse(get_store().open(issued.storage_name), as_attachment=True, filename=issued.filename,
                        content_type=issued.content_type)
