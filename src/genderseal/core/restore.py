"""`gender-seal restore`: load an archive written by `gender-seal backup` (see core/backup.py).

Nothing changes until everything is checked: every hash against the manifest, the migrations,
and that the database holds no rows of its own (unless --force). Files go into their stores
first (never overwriting other content), then every row in one transaction as raw inserts
(no model signals, timestamps kept), then PostgreSQL sequences are reset.
"""
import io
import json
import os
import shutil
import tarfile
import tempfile

from django.apps import apps
from django.core.management.color import no_style
from django.core.serializers import jsonl
from django.db import connection, transaction

from genderseal.core.files import CHUNK, hash_stored

from .backup import (
    BATCH,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    BackupError,
    _Hashing,
    _sha256_stream,
    _tar_mode,
    applied_migrations,
    backed_up_models,
    serialize_rows,
    stores,
)


def read_manifest(path):
    with tarfile.open(path, _tar_mode(path, False)) as tar:
        try:
            member = tar.getmember(MANIFEST)
        except KeyError:
            raise BackupError(f"{path}: not a gender-seal backup (no {MANIFEST})") from None
        manifest = json.load(tar.extractfile(member))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: not a gender-seal backup")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"{path}: backup format {manifest.get('format_version')} is not supported "
                          f"(this version reads {FORMAT_VERSION})")
    return manifest


def verify(path, manifest):
    """Re-hash every member against the manifest; raises BackupError listing what does not match."""
    expected = {entry["path"]: entry["sha256"] for entry in manifest["models"].values()}
    expected.update({"files/" + name: entry["sha256"] for name, entry in manifest["files"].items()})
    seen, problems = set(), []
    with tarfile.open(path, _tar_mode(path, False)) as tar:
        for member in tar:
            if member.name == MANIFEST:
                continue
            if not member.isfile() or member.name not in expected:
                problems.append(f"unexpected member {member.name}")
                continue
            sha, _size = _sha256_stream(tar.extractfile(member))
            if sha != expected[member.name]:
                problems.append(f"{member.name}: sha256 {sha} does not match the manifest")
            seen.add(member.name)
    problems += [f"{name}: missing from the archive" for name in sorted(set(expected) - seen)]
    if problems:
        raise BackupError("the archive is damaged:\n  " + "\n  ".join(problems[:50]))


def check_migrations(manifest):
    ours, theirs = applied_migrations(), manifest["migrations"]
    differences = []
    for app in sorted(set(ours) | set(theirs)):
        missing = sorted(set(theirs.get(app, [])) - set(ours.get(app, [])))
        extra = sorted(set(ours.get(app, [])) - set(theirs.get(app, [])))
        if missing:
            differences.append(f"{app}: not applied here: {', '.join(missing)}")
        if extra:
            differences.append(f"{app}: applied here but not in the backup: {', '.join(extra)}")
    if differences:
        raise BackupError("the database schema differs from the backup's (restore with the same version "
                          f"{manifest.get('app_version')} after `gender-seal migrate`, then upgrade):\n  "
                          + "\n  ".join(differences))


def rows_present():
    """{model label: rows} for every copied model that has rows."""
    counts = {}
    for model in backed_up_models():
        if model._base_manager.exists():
            counts[model._meta.label_lower] = model._base_manager.count()
    return counts


def restore(path, *, force=False, log=lambda message: None):
    """Load a backup into this install; returns the manifest. Raises BackupError before any change when unsure."""
    path = os.fspath(path)
    manifest = read_manifest(path)
    verify(path, manifest)
    check_migrations(manifest)
    unknown = sorted(set(manifest["models"]) - {m._meta.label_lower for m in backed_up_models()})
    if unknown:
        raise BackupError(f"the backup holds models this install does not have: {', '.join(unknown)}")
    present = rows_present()
    seeded = seeded_tables(path, manifest, present)
    others = {label: rows for label, rows in present.items() if label not in seeded}
    if others and not force:
        raise BackupError("the database is not empty (" + ", ".join(f"{k}: {v}" for k, v in others.items())
                          + "); restore into a freshly migrated database, or use --force to replace its rows")
    restore_files(path, manifest, log)
    with transaction.atomic():
        if others:
            empty_tables(backed_up_models())
        elif seeded:
            empty_tables([apps.get_model(label) for label in seeded])
        load_rows(path, manifest, log)
        reset_sequences()
    return manifest


def seeded_tables(path, manifest, present, limit=10_000):
    """Tables whose every row here is in the backup exactly as it is: reference rows `migrate` made.

    Restore replaces them with the backup's rows; any other row makes the database "not empty"."""
    seeded = set()
    candidates = {label for label, rows in present.items() if rows <= limit and label in manifest["models"]}
    if not candidates:
        return seeded
    wanted = {manifest["models"][label]["path"]: label for label in candidates}
    with tarfile.open(path, _tar_mode(path, False)) as tar:
        for member in tar:
            label = wanted.get(member.name)
            if label is None:
                continue
            stream = io.StringIO()
            serialize_rows(apps.get_model(label), stream)
            here = {row["pk"]: row for row in map(json.loads, stream.getvalue().splitlines())}
            for line in io.TextIOWrapper(tar.extractfile(member), encoding="utf-8"):
                if line.strip():
                    row = json.loads(line)
                    if here.get(row["pk"]) == row:
                        del here[row["pk"]]
            if not here:
                seeded.add(label)
    return seeded


def restore_files(path, manifest, log):
    """Put every archived file into its store; a name that exists with other content is refused."""
    found = stores()
    unknown = sorted({key.split("/", 1)[0] for key in manifest["files"]} - set(found))
    if unknown:
        raise BackupError(f"the backup holds files of stores this install does not have: {', '.join(unknown)}")
    with tarfile.open(path, _tar_mode(path, False)) as tar:
        for member in tar:
            if not member.name.startswith("files/"):
                continue
            key, name = member.name[len("files/"):].split("/", 1)
            if name.startswith("/") or ".." in name.split("/"):
                raise BackupError(f"{member.name}: not a storage name")
            store = found[key]
            expected = manifest["files"][f"{key}/{name}"]["sha256"]
            if store.exists(name):
                if hash_stored(store, name) != expected:
                    raise BackupError(f"{name}: the store already holds different content under this name")
                continue
            with tempfile.NamedTemporaryFile(dir=store.scratch_dir(), prefix="restore-", suffix=".part", delete=False) as temp:
                hashing = _Hashing(tar.extractfile(member))
                shutil.copyfileobj(hashing, temp, CHUNK)
                temp.flush()
                os.fsync(temp.fileno())
            if hashing.digest.hexdigest() != expected:
                os.unlink(temp.name)
                raise BackupError(f"{name}: changed while restoring")
            store.put_path(temp.name, name)
            log(f"file {key}/{name}")


def empty_tables(model_list):
    tables = [m._meta.db_table for m in _with_m2m_tables(model_list)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # TRUNCATE refuses while deferred checks are pending
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for statement in connection.ops.sql_flush(no_style(), tables, reset_sequences=False, allow_cascade=True):
            cursor.execute(statement)


def _with_m2m_tables(model_list):
    result = []
    for model in model_list:
        result.append(model)
        result += [f.remote_field.through for f in model._meta.many_to_many
                   if f.remote_field.through._meta.auto_created]
    return result


def load_rows(path, manifest, log):
    by_path = {entry["path"]: label for label, entry in manifest["models"].items()}
    with tarfile.open(path, _tar_mode(path, False)) as tar:
        for member in tar:
            label = by_path.get(member.name)
            if label is None:
                continue
            model = apps.get_model(label)
            if model._meta.parents:
                raise BackupError(f"{label}: multi-table inheritance is not supported by restore")
            stream = io.TextIOWrapper(tar.extractfile(member), encoding="utf-8")
            loaded = _load_model(model, jsonl.Deserializer(stream, ignorenonexistent=False))
            if loaded != manifest["models"][label]["rows"]:
                raise BackupError(f"{label}: {loaded} rows loaded, the manifest says {manifest['models'][label]['rows']}")
            log(f"{label}: {loaded}")


def _load_model(model, objects):
    """Raw inserts in batches: no save() or signals, auto_now values kept as they were."""
    fields = [f for f in model._meta.local_concrete_fields if not getattr(f, "generated", False)]
    m2m = {f.name: f for f in model._meta.many_to_many if f.remote_field.through._meta.auto_created}
    batch, links, count = [], {name: [] for name in m2m}, 0

    def flush():
        if batch:
            size = connection.ops.bulk_batch_size(fields, batch) or len(batch)
            for start in range(0, len(batch), size):
                model._base_manager._insert(batch[start:start + size], fields=fields, raw=True,
                                            using=connection.alias)
            batch.clear()
        for name, rows in links.items():
            if rows:
                m2m[name].remote_field.through._base_manager.bulk_create(rows, batch_size=BATCH)
                rows.clear()

    for deserialized in objects:
        obj = deserialized.object
        batch.append(obj)
        for name, values in (deserialized.m2m_data or {}).items():
            field = m2m[name]
            through = field.remote_field.through
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            links[name] += [through(**{f"{source}_id": obj.pk, f"{target}_id": value}) for value in values]
        count += 1
        if len(batch) >= BATCH:
            flush()
    flush()
    return count


def reset_sequences():
    statements = connection.ops.sequence_reset_sql(no_style(), _with_m2m_tables(backed_up_models()))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
