"""Zip containers (XLSX, DOCX and the other Office files are zips): refuse a bomb before anything unpacks it.

Read from the zip's own directory, nothing decompressed: too many entries, an entry that unpacks
more than MAX_RATIO times its packed size (beyond 1 MB), or more than `max_unpacked` bytes in all.
zipfile never unpacks an entry past its declared size, so the declared sizes bound the work.
Used by evidence uploads (evidence/filetypes.py) and by every importer (core/imports.py).
"""
MAX_ENTRIES = 10_000
MAX_RATIO = 200  # unpacked / packed, per entry
SMALL = 1024 * 1024  # entries below this may compress as well as they like


class ArchiveBomb(Exception):
    """The archive would unpack past the bounds."""


def check_zip(archive, max_unpacked):
    """Raise ArchiveBomb when the open `zipfile.ZipFile` would unpack past the bounds."""
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        raise ArchiveBomb(f"{len(entries)} entries")
    total = 0
    for entry in entries:
        total += entry.file_size
        if entry.file_size > MAX_RATIO * max(entry.compress_size, 1) and entry.file_size > SMALL:
            raise ArchiveBomb(f"{entry.filename} unpacks {entry.file_size} bytes from {entry.compress_size}")
    if total > max_unpacked:
        raise ArchiveBomb(f"{total} bytes unpacked")
