"""One consistent, portable archive of everything: records, stored files, a manifest.

The archive is a zip with `manifest.json` (format, creation time, engine, row counts per model,
SHA-256 of every file, `missing_files`: stored files a record names but storage has lost),
`records.json` (Django's portable serialisation, natural keys for content types and users'
permissions, models in dependency order, every row from one snapshot) and `media/...` (the
originals those rows reference, byte for byte). Restoring into an empty database of either
engine is the migration path from SQLite to PostgreSQL; it rebuilds the full-text index, which
is derived and not archived.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction

from minamata_kb.search.indexing import rebuild_full_text

FORMAT = "minamata-kb-backup/1"
CHUNK = 2000  # rows serialised at a time: memory stays flat whatever the size
# Derived or transient tables: rebuilt by init/reindex, or meaningless on another server.
# The task queue (django_tasks_database) is kept: a restored worker runs what was queued, such
# as indexing the resources of the last import.
EXCLUDED = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "admin.logentry",
    # Sign-in failure counts (accounts/lockout.py): transient, and about this server's clients.
    "axes.accessattempt",
    "axes.accessattemptexpiration",
    "axes.accessfailurelog",
    "axes.accesslog",
}


class _LosslessEncoder(DjangoJSONEncoder):
    """Django's encoder, but datetimes and times keep their microseconds (it cuts them to ms)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


class BackupError(Exception):
    """The archive is not valid, or the target database is not empty."""


def _models() -> list[type[models.Model]]:
    app_list = {config: None for config in apps.get_app_configs()}
    ordered = serializers.sort_dependencies(app_list.items(), allow_cycles=True)
    return [
        m
        for m in ordered
        if m._meta.label_lower not in EXCLUDED and not m._meta.proxy and m._meta.managed
    ]


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@contextmanager
def _read_snapshot() -> Iterator[None]:
    """One read-only transaction whose reads all see the same committed state, without
    blocking writers: PostgreSQL REPEATABLE READ; on SQLite (WAL) a DEFERRED transaction, whose
    snapshot is taken at its first read, even though the application's own transactions are
    IMMEDIATE (settings) - an IMMEDIATE one would hold the write lock for the whole backup."""
    if connection.in_atomic_block:
        raise BackupError("a backup must run outside any transaction to get its own snapshot")
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        mode = connection.transaction_mode  # type: ignore[attr-defined]
        connection.transaction_mode = "DEFERRED"  # type: ignore[attr-defined]
        try:
            with transaction.atomic():
                yield
        finally:
            connection.transaction_mode = mode  # type: ignore[attr-defined]
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _rows(model: type[models.Model]) -> Iterator[models.Model]:
    """Every row by primary key, with what the serialiser would otherwise fetch row by row."""
    natural = [
        f.name
        for f in model._meta.fields
        if f.is_relation and hasattr(f.related_model, "natural_key")
    ]
    m2m = [
        f.name
        for f in model._meta.many_to_many
        if f.remote_field.through._meta.auto_created  # type: ignore[union-attr]
    ]
    qs = model._default_manager.order_by("pk").select_related(*natural).prefetch_related(*m2m)
    return qs.iterator(chunk_size=CHUNK)


def _write_records(out: IO[bytes], counts: dict[str, int], referenced: set[str]) -> str:
    """Stream records.json (one JSON list, as json.dumps writes it) into ``out``; fill the row
    counts and the stored-file names the rows reference; return the SHA-256 of what was written.
    Call inside the snapshot."""
    digest = hashlib.sha256()

    def write(text: str) -> None:
        data = text.encode("utf-8")
        digest.update(data)
        out.write(data)

    write("[")
    first = True
    for model in _models():
        file_fields = [f.attname for f in model._meta.fields if isinstance(f, models.FileField)]
        n = 0
        rows = _rows(model)
        while True:
            chunk = list(itertools.islice(rows, CHUNK))
            if not chunk:
                break
            n += len(chunk)
            for obj in chunk:
                referenced.update(f for a in file_fields if (f := getattr(obj, a).name))
            data = serializers.serialize(
                "python", chunk, use_natural_foreign_keys=True, use_natural_primary_keys=False
            )
            for row in data:
                write(
                    ("" if first else ", ")
                    + json.dumps(row, cls=_LosslessEncoder, ensure_ascii=False)
                )
                first = False
        counts[model._meta.label_lower] = n
    write("]")
    return digest.hexdigest()


def create_backup(target: Path) -> dict[str, Any]:
    """Write the archive: every record from one snapshot (see _read_snapshot), then exactly the
    stored files those records reference - not files of transactions committed after the
    snapshot, nor orphans. A referenced file that is gone from storage is listed in the
    manifest's `missing_files` (and the command warns) rather than failing the backup."""
    if not target.parent.is_dir():
        raise BackupError(f"{target.parent}: no such directory")
    counts: dict[str, int] = {}
    referenced: set[str] = set()
    files: dict[str, str] = {}
    missing: list[str] = []
    tmp = target.with_suffix(target.suffix + ".part")
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            with _read_snapshot(), zf.open("records.json", "w", force_zip64=True) as out:
                records_sha256 = _write_records(out, counts, referenced)
            for name in sorted(referenced):
                try:
                    with default_storage.open(name, "rb") as f:
                        data = f.read()
                except FileNotFoundError:
                    missing.append(name)
                    continue
                except SuspiciousFileOperation as exc:
                    raise BackupError(
                        f"a record references a file outside storage: {exc}"
                    ) from None
                files["media/" + name] = _sha256(data)
                zf.writestr("media/" + name, data)
            manifest = {
                "format": FORMAT,
                "created": dt.datetime.now(dt.UTC).isoformat(),
                "engine": connection.vendor,
                "counts": counts,
                "records_sha256": records_sha256,
                "files": files,
                "missing_files": missing,
            }
            zf.writestr("manifest.json", json.dumps(manifest, indent=2, sort_keys=True))
        tmp.replace(target)  # never leave a half-written archive under the final name
    finally:
        tmp.unlink(missing_ok=True)
    return manifest


def _read_manifest(zf: zipfile.ZipFile) -> dict[str, Any]:
    try:
        manifest = json.loads(zf.read("manifest.json"))
    except (KeyError, ValueError, RecursionError, zipfile.BadZipFile, OSError) as exc:
        # RecursionError: a manifest nested thousands deep; BadZipFile/OSError: damaged member
        raise BackupError(f"not a Minamata KB backup: {str(exc)[:200]}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise BackupError(f"unknown backup format {found!r}")
    for key, kind in (("counts", dict), ("files", dict), ("records_sha256", str)):
        if not isinstance(manifest.get(key), kind):
            raise BackupError(f"manifest.json: {key!r} is missing or not a {kind.__name__}")
    return manifest


def _member(zf: zipfile.ZipFile, name: str) -> bytes:
    try:
        return zf.read(name)
    except KeyError:
        raise BackupError(f"{name}: listed in the manifest but not in the archive") from None


def _database_is_empty() -> bool:
    return all(not m._default_manager.exists() for m in _models())


def restore_backup(source: Path) -> dict[str, Any]:
    """Load an archive into an empty, migrated database and verify it against its manifest.

    All or nothing: the files are first written into a staging folder next to MEDIA_ROOT, the
    records are loaded in one transaction, and the staged files are moved into place as that
    transaction's last step; any failure rolls the database back and puts the media folder back
    as it was, so the same restore can simply be run again."""
    try:
        zf = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise BackupError(f"{source}: not a zip archive ({exc})") from None
    with zf:
        manifest = _read_manifest(zf)
        root = Path(settings.MEDIA_ROOT).resolve()
        records = _member(zf, "records.json")
        if _sha256(records) != manifest["records_sha256"]:
            raise BackupError("records.json does not match the manifest checksum")
        rows = _parse_records(records)
        names: dict[str, Path] = {}
        for name, digest in manifest["files"].items():
            dest = (root / name.removeprefix("media/")).resolve()
            if not name.startswith("media/") or not dest.is_relative_to(root):
                raise BackupError(f"{name}: a stored file outside media/ (refused)")
            if _sha256(_member(zf, name)) != digest:
                raise BackupError(f"{name} does not match the manifest checksum")
            names[name] = dest
        call_command("migrate", interactive=False, verbosity=0)
        if not _database_is_empty():
            raise BackupError("the target database is not empty; restore needs an empty database")
        try:
            root.parent.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=f".{root.name}-restore-", dir=root.parent))
        except OSError as exc:
            raise BackupError(
                f"cannot make a staging folder next to {root} ({_one_line(exc)}); nothing was"
                " restored"
            ) from None
        moves = _Moves(staging)
        try:
            _stage(zf, names, staging)
            try:
                with transaction.atomic():
                    _load(rows, manifest)
                    # Last step inside the transaction: if a file cannot be put in place, the
                    # records roll back with it.
                    for name, dest in sorted(names.items()):
                        moves.place(staging / "files" / name, dest, name)
            except BaseException:
                moves.undo()
                raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return manifest


def _parse_records(records: bytes) -> list[dict[str, Any]]:
    """records.json as a list of serialised rows, or a one-line BackupError saying what is wrong."""
    try:
        rows = json.loads(records)
    except (ValueError, RecursionError) as exc:
        raise BackupError(f"records.json is not valid JSON: {_one_line(exc)}") from None
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise BackupError("records.json is not a list of records (JSON objects)")
    return rows


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return (text[:300] + "...") if len(text) > 300 else text or type(exc).__name__


def _load(rows: list[dict[str, Any]], manifest: dict[str, Any]) -> None:
    """Save every record, check the constraints and the counts (inside the caller's
    transaction); a record the database or the models refuse is a one-line BackupError."""
    from django.core.exceptions import ValidationError
    from django.core.serializers.base import DeserializationError
    from django.db import DatabaseError

    try:
        for obj in serializers.deserialize("python", rows, handle_forward_references=True):
            obj.save()
        connection.check_constraints()
    except (
        DeserializationError,
        DatabaseError,
        ValidationError,
        LookupError,
        ValueError,
        TypeError,
        AttributeError,
    ) as exc:
        raise BackupError(f"records.json: a record cannot be loaded: {_one_line(exc)}") from None
    _reset_sequences()
    # The full-text index is derived, so not archived; the vectors are restored as is.

    rebuild_full_text()
    for label, expected in manifest["counts"].items():
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            raise BackupError(f"manifest.json: unknown model {label!r}") from None
        actual = model._default_manager.count()
        if actual != expected:
            raise BackupError(f"{label}: restored {actual} rows, manifest says {expected}")


def _stage(zf: zipfile.ZipFile, names: dict[str, Path], staging: Path) -> None:
    """Write the archive's files under ``staging/files`` (the live media folder is untouched)."""
    for name in names:
        target = staging / "files" / name
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(name) as src, open(target, "wb") as out:
                shutil.copyfileobj(src, out, 1 << 20)
        except OSError as exc:
            raise BackupError(
                f"{name}: cannot be written to the staging folder {staging} ({_one_line(exc)});"
                " nothing was restored"
            ) from None


class _Moves:
    """Staged files moved into MEDIA_ROOT, with what is needed to undo every move: files that
    were in the way are set aside in the staging folder and put back, created folders removed."""

    def __init__(self, staging: Path) -> None:
        self.aside = staging / "aside"
        self.placed: list[Path] = []
        self.displaced: list[tuple[Path, Path]] = []
        self.created: list[Path] = []

    def place(self, staged: Path, dest: Path, name: str) -> None:
        try:
            missing = []
            parent = dest.parent
            while not parent.exists():
                missing.append(parent)
                parent = parent.parent
            for folder in reversed(missing):
                folder.mkdir()
                self.created.append(folder)
            if dest.is_file() or dest.is_symlink():
                keep = self.aside / str(len(self.displaced))
                keep.parent.mkdir(parents=True, exist_ok=True)
                os.replace(dest, keep)
                self.displaced.append((keep, dest))
            os.replace(staged, dest)
            self.placed.append(dest)
        except OSError as exc:
            raise BackupError(
                f"{name}: cannot be put in place at {dest} ({_one_line(exc)}); nothing was restored"
            ) from None

    def undo(self) -> None:
        for dest in reversed(self.placed):
            dest.unlink(missing_ok=True)
        for keep, dest in reversed(self.displaced):
            os.replace(keep, dest)
        for folder in reversed(self.created):
            try:
                folder.rmdir()
            except OSError:
                pass


def _reset_sequences() -> None:
    sql = connection.ops.sequence_reset_sql(no_style(), _models())
    if sql:
        with connection.cursor() as cur:
            for statement in sql:
                cur.execute(statement)
