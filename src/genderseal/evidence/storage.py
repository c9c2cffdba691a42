"""Where evidence files live: local files under var/ by default, S3-compatible storage when configured.

Files are content-addressed (`ab/cd/abcdef...` by sha256): a name is never reused for other
content, so nothing is ever overwritten. Local writes go to a temporary file in the same
directory tree, are flushed to disk, then renamed into place: a crash leaves no half file.
"""
import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from genderseal.core.files import CHUNK, hash_stored  # noqa: F401 (hash_stored: the store's public API)


@dataclass(frozen=True)
class Stored:
    name: str
    sha256: str
    size: int


def name_for(sha256):
    return f"{sha256[:2]}/{sha256[2:4]}/{sha256}"


class LocalStore:
    def __init__(self, root):
        self.root = Path(root)

    def path(self, name):
        path = (self.root / name).resolve()
        if self.root.resolve() not in path.parents:
            raise ValueError(f"bad storage name {name!r}")
        return path

    def _temp(self):
        tmp = self.root / "tmp"
        tmp.mkdir(parents=True, exist_ok=True)
        return tempfile.NamedTemporaryFile(dir=tmp, prefix="upload-", suffix=".part", delete=False)

    def put(self, source):
        """Copy a readable binary file into the store; returns its name, sha256 and size."""
        digest, size = hashlib.sha256(), 0
        temp = self._temp()
        try:
            with temp:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    temp.write(chunk)
                temp.flush()
                os.fsync(temp.fileno())
            sha = digest.hexdigest()
            final = self.path(name_for(sha))
            final.parent.mkdir(parents=True, exist_ok=True)
            if final.exists():  # the same content is already stored: keep the first copy
                os.unlink(temp.name)
            else:
                os.replace(temp.name, final)
            return Stored(name_for(sha), sha, size)
        except BaseException:
            if os.path.exists(temp.name):
                os.unlink(temp.name)
            raise

    def scratch_dir(self):
        """Where to build a file that `put_path` will move in: the same disk, so the move is a rename."""
        tmp = self.root / "tmp"
        tmp.mkdir(parents=True, exist_ok=True)
        return tmp

    def put_path(self, path, name):
        """Move a finished file (a dossier) to `name`, atomically; refuses to overwrite."""
        final = self.path(name)
        final.parent.mkdir(parents=True, exist_ok=True)
        if final.exists():
            raise FileExistsError(name)
        shutil.move(str(path), final.with_suffix(final.suffix + ".part"))
        os.replace(final.with_suffix(final.suffix + ".part"), final)
        return name

    def open(self, name):
        return open(self.path(name), "rb")

    def exists(self, name):
        return self.path(name).exists()

    def size(self, name):
        return self.path(name).stat().st_size

    def names_in(self, folder):
        """The names of the files directly in `folder` (e.g. the old dossiers' `dossiers`)."""
        path = self.path(folder)
        return sorted(f"{folder}/{child.name}" for child in path.iterdir() if child.is_file()) if path.is_dir() else []

    def delete(self, name):
        self.path(name).unlink()

    def names(self):
        """Every stored evidence file (not temporary files or dossiers)."""
        for path in self.root.glob("??/??/*"):
            if path.is_file():
                yield path.relative_to(self.root).as_posix()


class S3Store:
    """django-storages' S3 backend: an object appears whole or not at all, so no temporary name is needed."""

    def __init__(self, options):
        from storages.backends.s3 import S3Storage

        self.storage = S3Storage(**{k: v for k, v in options.items() if v is not None})

    def put(self, source):
        digest, size = hashlib.sha256(), 0
        with tempfile.TemporaryFile() as spool:  # hash first: the name is the hash
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                spool.write(chunk)
            spool.seek(0)
            sha = digest.hexdigest()
            if not self.storage.exists(name_for(sha)):
                self.storage.save(name_for(sha), spool)
        return Stored(name_for(sha), sha, size)

    def scratch_dir(self):
        return None  # the system's temporary directory

    def put_path(self, path, name):
        if self.storage.exists(name):
            raise FileExistsError(name)
        with open(path, "rb") as source:
            self.storage.save(name, source)
        os.unlink(path)
        return name

    def open(self, name):
        return self.storage.open(name, "rb")

    def exists(self, name):
        return self.storage.exists(name)

    def size(self, name):
        return self.storage.size(name)

    def names_in(self, folder):
        _folders, files = self.storage.listdir(folder)
        return sorted(f"{folder}/{name}" for name in files)

    def delete(self, name):
        self.storage.delete(name)

    def names(self):
        return iter(())  # verify walks the revisions, not the bucket


def get_store():
    if settings.EVIDENCE_S3_BUCKET:
        return S3Store(settings.EVIDENCE_S3_OPTIONS)
    return LocalStore(settings.EVIDENCE_ROOT or Path(settings.MEDIA_ROOT) / "evidence")


