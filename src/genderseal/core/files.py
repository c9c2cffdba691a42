"""Reading stored files in chunks: shared by every file store (evidence, reports) and by backup/restore."""
import hashlib

CHUNK = 1024 * 1024


def hash_stored(store, name):
    """The sha256 of a stored file, read in chunks."""
    digest = hashlib.sha256()
    with store.open(name) as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
