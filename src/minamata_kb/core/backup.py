"""One consistent, portable archive of everything: records, stored files, a manifest.

The archive is a zip with `manifest.json` (format, creation time, engine, row counts per model,
SHA-256 of every file), `records.json` (Django's portable serialisation, natural keys for
content types and users' permissions, models in dependency order) and `media/...` (originals
byte for byte). Restoring into an empty database of either engine is the migration path from
SQLite to PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction

FORMAT = "minamata-kb-backup/1"
# Derived or transient tables: rebuilt by init/reindex, or meaningless on another server.
EXCLUDED = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "admin.logentry",
    "django_tasks_db.dbtaskresult",
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
    ordered = serializers.sort_dependencies(app_list.items(), allow_cycles=True)  # type: ignore[arg-type]
    return [
        m
        for m in ordered
        if m._meta.label_lower not in EXCLUDED and not m._meta.proxy and m._meta.managed
    ]


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def create_backup(target: Path) -> dict[str, Any]:
    """Write the archive; reads happen in one transaction so the snapshot is consistent."""
    counts: dict[str, int] = {}
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        objects: list[models.Model] = []
        for model in _models():
            rows = list(model._default_manager.order_by("pk"))
            counts[model._meta.label_lower] = len(rows)
            objects.extend(rows)
        rows_data = serializers.serialize(
            "python", objects, use_natural_foreign_keys=True, use_natural_primary_keys=False
        )
        records = json.dumps(rows_data, cls=_LosslessEncoder, ensure_ascii=False).encode("utf-8")
    files = {}
    tmp = target.with_suffix(target.suffix + ".part")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("records.json", records)
        root = Path(settings.MEDIA_ROOT)
        for path in _media_files():
            data = path.read_bytes()
            name = "media/" + path.relative_to(root).as_posix()
            files[name] = _sha256(data)
            zf.writestr(name, data)
        manifest = {
            "format": FORMAT,
            "created": dt.datetime.now(dt.UTC).isoformat(),
            "engine": connection.vendor,
            "counts": counts,
            "records_sha256": _sha256(records),
            "files": files,
        }
        zf.writestr("manifest.json", json.dumps(manifest, indent=2, sort_keys=True))
    tmp.replace(target)  # never leave a half-written archive under the final name
    return manifest


def _read_manifest(zf: zipfile.ZipFile) -> dict[str, Any]:
    try:
        manifest = json.loads(zf.read("manifest.json"))
    except (KeyError, ValueError) as exc:
        raise BackupError(f"not a Minamata KB backup: {exc}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    return manifest


def _database_is_empty() -> bool:
    return all(not m._default_manager.exists() for m in _models())


def restore_backup(source: Path) -> dict[str, Any]:
    """Load an archive into an empty, migrated database and verify it against its manifest."""
    try:
        zf = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise BackupError(f"{source}: not a zip archive ({exc})") from None
    with zf:
        manifest = _read_manifest(zf)
        records = zf.read("records.json")
        if _sha256(records) != manifest["records_sha256"]:
            raise BackupError("records.json does not match the manifest checksum")
        for name, digest in manifest["files"].items():
            if _sha256(zf.read(name)) != digest:
                raise BackupError(f"{name} does not match the manifest checksum")
        call_command("migrate", interactive=False, verbosity=0)
        if not _database_is_empty():
            raise BackupError("the target database is not empty; restore needs an empty database")
        with transaction.atomic():
            rows = json.loads(records)
            for obj in serializers.deserialize("python", rows, handle_forward_references=True):
                obj.save()
            _reset_sequences()
            for label, expected in manifest["counts"].items():
                model = apps.get_model(label)
                actual = model._default_manager.count()
                if actual != expected:
                    raise BackupError(f"{label}: restored {actual} rows, manifest says {expected}")
        root = Path(settings.MEDIA_ROOT)
        for name in manifest["files"]:
            dest = root / name.removeprefix("media/")
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(zf.read(name))
    return manifest


def _reset_sequences() -> None:
    sql = connection.ops.sequence_reset_sql(no_style(), _models())
    if sql:
        with connection.cursor() as cur:
            for statement in sql:
                cur.execute(statement)
