"""Backup and restore round-trip: same engine in-process, and SQLite -> PostgreSQL for real."""

import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from minamata_kb.registry.models import Organisation, Party
from minamata_kb.site.backup import BackupError, create_backup, restore_backup


def canonical(archive: Path) -> list:
    with zipfile.ZipFile(archive) as zf:
        records = json.loads(zf.read("records.json"))
    return sorted(records, key=lambda r: (r["model"], str(r["pk"])))


@pytest.mark.django_db(transaction=True)
@pytest.mark.integration
def test_backup_restore_round_trip_keeps_records_and_files(ref_world, tmp_path, settings):
    media = Path(settings.MEDIA_ROOT)
    (media / "originals").mkdir(parents=True)
    (media / "originals" / "report.pdf").write_bytes(b"%PDF-1.4 original bytes \x00\xff")
    (media / "originals" / "orphan.pdf").write_bytes(b"no record references this file")
    from minamata_kb.audit.models import ChangeRecord
    from minamata_kb.audit.services import record_change
    from minamata_kb.library.models import Resource, ResourceFile

    resource = Resource.objects.create(external_id="r-1", title="Report", language="en")
    for name in ("originals/report.pdf", "originals/lost.pdf"):
        ResourceFile.objects.create(
            resource=resource, original=name, filename=name, kind="pdf", size=1, sha256="0" * 64
        )
    stamp = record_change(
        None, ChangeRecord.Action.OTHER, ref_world.party_a, note="microseconds survive"
    )
    ChangeRecord.objects.filter(pk=stamp.pk).update(at=stamp.at.replace(microsecond=123))
    first = tmp_path / "first.zip"
    manifest = create_backup(first)
    assert manifest["counts"]["registry.party"] == 4
    # Exactly the files the records reference: not the orphan; the lost one is reported.
    assert list(manifest["files"]) == ["media/originals/report.pdf"]
    assert manifest["missing_files"] == ["originals/lost.pdf"]

    call_command("flush", interactive=False, verbosity=0)
    (media / "originals" / "report.pdf").unlink()
    assert not Party.objects.exists()
    restore_backup(first)
    assert Party.objects.get(code="EUU").country is None
    assert sorted(
        Organisation.objects.get(slug="bcrc-test").countries_served.values_list("iso3", flat=True)
    ) == ["CHN", "TUV"]
    assert (media / "originals" / "report.pdf").read_bytes() == b"%PDF-1.4 original bytes \x00\xff"
    assert ChangeRecord.objects.get(pk=stamp.pk).at.microsecond == 123
    second = tmp_path / "second.zip"
    create_backup(second)
    assert canonical(first) == canonical(second)


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_non_empty_database_and_a_tampered_archive(ref_world, tmp_path):
    archive = tmp_path / "b.zip"
    create_backup(archive)
    with pytest.raises(BackupError, match="not empty"):
        restore_backup(archive)
    tampered = tmp_path / "t.zip"
    with zipfile.ZipFile(archive) as src, zipfile.ZipFile(tampered, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(
                item, data.replace(b"Ghana", b"Gxana") if item.filename == "records.json" else data
            )
    with pytest.raises(BackupError, match="checksum"):
        restore_backup(tampered)
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip")
    with pytest.raises(BackupError, match="not a zip"):
        restore_backup(junk)


@pytest.mark.postgres
def test_sqlite_backup_restores_into_postgresql_identically(tmp_path):
    import psycopg

    dbname = "mkb_roundtrip"
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {dbname}")
        conn.execute(f"CREATE DATABASE {dbname}")
    base = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    sqlite_env = {**base, "MINAMATA_KB_VAR_DIR": str(tmp_path / "a")}
    pg_env = {
        **base,
        "MINAMATA_KB_VAR_DIR": str(tmp_path / "b"),
        "DATABASE_URL": f"postgresql://postgres@127.0.0.1:5432/{dbname}",
    }

    def cli(env, *args):
        proc = subprocess.run(
            [sys.executable, "-m", "minamata_kb", *args], env=env, capture_output=True, text=True
        )
        assert proc.returncode == 0, proc.stderr[-2000:]

    cli(sqlite_env, "init")
    cli(sqlite_env, "backup", "-o", str(tmp_path / "sqlite.zip"))
    cli(pg_env, "restore", str(tmp_path / "sqlite.zip"))
    cli(pg_env, "backup", "-o", str(tmp_path / "pg.zip"))
    before, after = canonical(tmp_path / "sqlite.zip"), canonical(tmp_path / "pg.zip")
    differing = [
        (a["model"], a["pk"], a["fields"], b["fields"])
        for a, b in zip(before, after, strict=False)
        if a != b
    ]
    assert len(before) == len(after) and not differing, differing[:3]
    with zipfile.ZipFile(tmp_path / "pg.zip") as zf:
        assert json.loads(zf.read("manifest.json"))["engine"] == "postgresql"
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {dbname}")


@pytest.mark.django_db(transaction=True)
def test_bad_archives_and_outputs_give_clear_errors(ref_world, tmp_path):
    from django.core.management.base import CommandError

    archive = tmp_path / "b.zip"
    create_backup(archive)

    def rewrite(name: str, change: Callable[[dict[str, Any]], object]) -> Path:
        out = tmp_path / name
        with zipfile.ZipFile(archive) as src, zipfile.ZipFile(out, "w") as dst:
            manifest = json.loads(src.read("manifest.json"))
            change(manifest)
            for item in src.infolist():
                if item.filename != "manifest.json":
                    dst.writestr(item, src.read(item))
            dst.writestr("manifest.json", json.dumps(manifest))
        return out

    escaping = rewrite("escape.zip", lambda m: m["files"].update({"media/../../x": "0"}))
    with pytest.raises(BackupError, match="outside media/"):
        restore_backup(escaping)
    absent = rewrite("absent.zip", lambda m: m["files"].update({"media/gone.pdf": "0"}))
    with pytest.raises(BackupError, match="not in the archive"):
        restore_backup(absent)
    broken = rewrite("broken.zip", lambda m: m.pop("counts"))
    with pytest.raises(BackupError, match="'counts' is missing"):
        restore_backup(broken)
    with pytest.raises(CommandError, match="no such directory"):
        call_command("backup", output=tmp_path / "nowhere" / "b.zip")
    with pytest.raises(CommandError, match="is a directory"):
        call_command("backup", output=tmp_path)
    assert not list(tmp_path.glob("*.part")), "a failed backup leaves no partial file"
