"""`gender-seal backup` / `gender-seal restore`: the database and the evidence files in one archive.

The archive is a tar file (`.tar.gz`/`.tgz` compress it) holding, in this order:

    files/<store>/<name>          every stored file (STORES below: evidence uploads,
                                  certificate scans, issued files: reports, packs, dossiers): every name a row holds, plus,
                                  for a local store, any other file in it
    data/<app>.<model>.jsonl      one JSON object a line per row (Django's jsonl serializer; primary
                                  keys kept; content types and permissions by natural key, so the
                                  dump does not depend on the database or its row numbering)
    manifest.json                 format, app version, database vendor, applied migrations, row count
                                  and sha256 of each data file, sha256 and size of each stored file

Memory stays bounded: rows are streamed with `.iterator()` into temporary files, files are
streamed from the store into the archive. The rows are read in one read-only snapshot
(PostgreSQL REPEATABLE READ; an SQLite read transaction, which does not block writers in WAL mode).

Restore (core/restore.py) checks everything before it changes anything: the archive's every hash against the
manifest, the migrations of this install against the backup's, and that the database holds no
rows (unless --force, which empties the tables first). Then files go into the store (a name that
exists with other content is refused, never overwritten), and every row is loaded in one
transaction, without model signals (raw inserts, timestamps kept); PostgreSQL sequences are reset.
Sessions, content types and permissions are not copied: migrate makes the latter two, and users
sign in again.
"""
import datetime
import hashlib
import io
import json
import os
import tarfile
import tempfile
from contextlib import contextmanager
from importlib import metadata

from django.apps import apps
from django.core import serializers
from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.module_loading import import_string

from genderseal.core.files import CHUNK, hash_stored

FORMAT = "gender-seal-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SKIPPED = {"contenttypes.contenttype", "auth.permission", "sessions.session"}
NATURAL = {"contenttypes.contenttype", "auth.permission"}  # referenced by natural key, made by migrate
BATCH = 500
# Where stored files live and which row fields name them: store key -> (function returning the
# store, [(model label, field)]). A model that keeps a file in a store must be listed here
# (tests/operations/test_backup.py looks for `*_name` fields next to a `*sha256` field).
STORES = {
    "evidence": ("genderseal.evidence.storage.get_store", [
        ("evidence.evidencerevision", "storage_name"),
        ("readiness.certificate", "scan_name")]),
    "reports": ("genderseal.reports.storage.get_store", [("reports.issuedreport", "storage_name")]),
}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


class ExactEncoder(DjangoJSONEncoder):
    """Times to the microsecond: Django's encoder cuts them to milliseconds, and a restore must give back
    every value as it was."""

    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class Serializer(jsonl.Serializer):
    """jsonl, with natural keys only for references to content types and permissions, exact times."""

    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactEncoder

    def _natural_for(self, field):
        self.use_natural_foreign_keys = field.remote_field.model._meta.label_lower in NATURAL

    def handle_fk_field(self, obj, field):
        self._natural_for(field)
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        self._natural_for(field)
        super().handle_m2m_field(obj, field)


def backed_up_models():
    """Every concrete model whose rows are copied, in dependency order (auto-created m2m tables ride along)."""
    app_list = [(config, [m for m in config.get_models() if _copied(m)]) for config in apps.get_app_configs()]
    return serializers.sort_dependencies([(c, ms) for c, ms in app_list if ms], allow_cycles=True)


def _copied(model):
    meta = model._meta
    return meta.managed and not meta.proxy and not meta.swapped and meta.label_lower not in SKIPPED


def m2m_names(model):
    return [f.name for f in model._meta.many_to_many if f.remote_field.through._meta.auto_created]


def rows_of(model):
    """The model's rows in primary-key order, many-to-many values prefetched a chunk at a time."""
    queryset = model._base_manager.order_by("pk")
    names = m2m_names(model)
    if names:  # related keys in key order, so two databases give the same lines
        queryset = queryset.prefetch_related(*[
            models.Prefetch(name, queryset=model._meta.get_field(name).related_model._base_manager.order_by("pk"))
            for name in names])
    return queryset.iterator(chunk_size=BATCH if names else 2000)


def serialize_rows(model, stream):
    Serializer().serialize(rows_of(model), stream=stream)


def applied_migrations():
    applied = {}
    for app_label, name in MigrationRecorder(connection).applied_migrations():
        applied.setdefault(app_label, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def app_version():
    try:
        return metadata.version("gender-seal")
    except metadata.PackageNotFoundError:  # pragma: no cover - always installed
        return "unknown"


def stores():
    """{key: store} for every store whose app is installed."""
    found = {}
    for key, (getter, fields) in STORES.items():
        if any(_installed(label) for label, _field in fields):
            found[key] = import_string(getter)()
    return found


def _installed(label):
    try:
        apps.get_model(label)
    except LookupError:
        return False
    return True


def file_names(key, store):
    """Every file of one store a row names, plus any other file of a local store."""
    names = set()
    for label, field in STORES[key][1]:
        if _installed(label):
            rows = apps.get_model(label)._base_manager.exclude(**{field: ""}).exclude(**{f"{field}__isnull": True})
            names.update(rows.values_list(field, flat=True).distinct().iterator())
    names.update(store.names())
    return sorted(names)


def all_files():
    """[(key, store, name)] of every file to copy."""
    return [(key, store, name) for key, store in stores().items() for name in file_names(key, store)]


def file_hashes():
    """{"store/name": sha256} of every file as it is now: for comparing two installs."""
    return {f"{key}/{name}": hash_stored(store, name) for key, store, name in all_files()}


@contextmanager
def snapshot():
    """One consistent, read-only view of the database for the whole dump."""
    if connection.in_atomic_block:  # already inside a transaction (tests): read in it
        yield
    elif connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
    elif connection.vendor == "sqlite" and connection.get_autocommit():
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")  # a read transaction: WAL keeps its snapshot, writers go on
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")
    else:
        with transaction.atomic():
            yield


class _Hashing:
    """A read-only file wrapper that hashes what passes through it."""

    def __init__(self, handle):
        self.handle, self.digest, self.size = handle, hashlib.sha256(), 0

    def read(self, size=-1):
        data = self.handle.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


def _add_bytes(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o600
    tar.addfile(info, io.BytesIO(data))


def _tar_mode(path, writing):
    compressed = str(path).endswith((".gz", ".tgz"))
    if writing:
        return "w:gz" if compressed else "w"
    return "r:*"


def backup(path, *, log=lambda message: None):
    """Write the archive to `path` (replaced only when complete); returns the manifest."""
    manifest = {"format": FORMAT, "format_version": FORMAT_VERSION, "app_version": app_version(),
                "created_at": timezone.now().isoformat(), "database_vendor": connection.vendor,
                "models": {}, "files": {}, "missing_files": []}
    path = os.fspath(path)
    directory = os.path.dirname(os.path.abspath(path))
    with tempfile.TemporaryDirectory(prefix="gender-seal-backup-") as scratch:
        dumps = []
        with snapshot():
            manifest["migrations"] = applied_migrations()
            for model in backed_up_models():
                label = model._meta.label_lower
                dump = os.path.join(scratch, f"{label}.jsonl")
                counter = _CountingWriter(open(dump, "w", encoding="utf-8"))
                with counter:
                    serialize_rows(model, counter)
                manifest["models"][label] = {"path": f"data/{label}.jsonl", "rows": counter.lines,
                                             "sha256": _sha256_file(dump)}
                dumps.append((label, dump))
                log(f"{label}: {counter.lines}")
            files = all_files()
        part = tempfile.NamedTemporaryFile(dir=directory, prefix=".backup-", suffix=".part", delete=False)
        part.close()
        try:
            with tarfile.open(part.name, _tar_mode(path, True)) as tar:
                for key, store, name in files:
                    if not store.exists(name):
                        manifest["missing_files"].append(f"{key}/{name}")
                        log(f"missing file: {key}/{name}")
                        continue
                    info = tarfile.TarInfo(f"files/{key}/{name}")
                    info.size, info.mode = store.size(name), 0o600
                    info.mtime = int(timezone.now().timestamp())
                    with store.open(name) as handle:
                        hashing = _Hashing(handle)
                        tar.addfile(info, hashing)
                    manifest["files"][f"{key}/{name}"] = {"sha256": hashing.digest.hexdigest(), "size": hashing.size}
                for label, dump in dumps:
                    tar.add(dump, arcname=manifest["models"][label]["path"], recursive=False)
                _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=1, sort_keys=True).encode())
            with open(part.name, "rb") as done:
                os.fsync(done.fileno())
            os.replace(part.name, path)
        finally:
            if os.path.exists(part.name):
                os.unlink(part.name)
    return manifest


class _CountingWriter:
    def __init__(self, handle):
        self.handle, self.lines = handle, 0

    def write(self, text):
        self.lines += text.count("\n")
        return self.handle.write(text)

    def flush(self):
        self.handle.flush()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.handle.close()


def _sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _sha256_stream(handle):
    digest, size = hashlib.sha256(), 0
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def rows_by_model():
    """{label: [serialized row, ...]} of the whole database as backup writes it: for comparing two installs."""
    result = {}
    for model in backed_up_models():
        stream = io.StringIO()
        serialize_rows(model, stream)
        result[model._meta.label_lower] = [json.loads(line) for line in stream.getvalue().splitlines()]
    return result
