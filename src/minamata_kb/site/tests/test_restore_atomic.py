"""Issue 15, items 9 and 12: `restore` is all or nothing, files included, and a malformed
records.json is a one-line error. The failures are real conditions (a directory standing where
a file must go), not mocks."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from pytest_django import Settings

from minamata_kb.cli import main
from minamata_kb.registry.models import Party
from minamata_kb.site.backup import BackupError, create_backup, restore_backup

pytestmark = pytest.mark.django_db(transaction=True)


def _tree(root: Path) -> dict[str, bytes | None]:
    """Every path under root with its bytes (None for folders)."""
    if not root.exists():
        return {}
    return {
        str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(root.rglob("*"))
    }


@pytest.fixture
def archive(ref_world: Any, tmp_path: Path, settings: Settings) -> Path:
    """A backup with two stored files, then an empty database and an empty media folder."""
    from minamata_kb.library.models import Resource, ResourceFile

    media = Path(settings.MEDIA_ROOT)
    (media / "originals" / "sub").mkdir(parents=True)
    (media / "originals" / "a.pdf").write_bytes(b"%PDF-1.4 first")
    (media / "originals" / "sub" / "b.pdf").write_bytes(b"%PDF-1.4 second")
    r = Resource.objects.create(external_id="r-1", title="Report", language="en")
    for name in ("originals/a.pdf", "originals/sub/b.pdf"):
        ResourceFile.objects.create(
            resource=r, original=name, filename=name, kind="pdf", size=1, sha256="0" * 64
        )
    path = tmp_path / "b.zip"
    create_backup(path)
    call_command("flush", interactive=False, verbosity=0)
    for f in ("originals/a.pdf", "originals/sub/b.pdf"):
        (media / f).unlink()
    (media / "originals" / "sub").rmdir()
    return path


@pytest.mark.integration
def test_a_file_that_cannot_be_put_in_place_rolls_everything_back(archive, settings):
    media = Path(settings.MEDIA_ROOT)
    # What was there before: a stray older copy of a.pdf (to be put back as it was), and a
    # folder standing where b.pdf must go (the real failure, met while writing the media).
    (media / "originals" / "a.pdf").write_bytes(b"older bytes")
    (media / "originals" / "sub" / "b.pdf").mkdir(parents=True)
    (media / "originals" / "sub" / "b.pdf" / "x").write_bytes(b"in the way")
    before = _tree(media)
    with pytest.raises(BackupError, match=r"originals/sub/b.pdf: cannot be put in place"):
        restore_backup(archive)
    assert not Party.objects.exists(), "the records were rolled back"
    assert _tree(media) == before, "the media folder is as it was"
    assert not list(media.parent.glob(f".{media.name}-restore-*")), "no staging left behind"
    # Clear the obstacle and run the same restore again: it works.
    (media / "originals" / "sub" / "b.pdf" / "x").unlink()
    (media / "originals" / "sub" / "b.pdf").rmdir()
    restore_backup(archive)
    assert Party.objects.count() == 4
    assert (media / "originals" / "a.pdf").read_bytes() == b"%PDF-1.4 first"
    assert (media / "originals" / "sub" / "b.pdf").read_bytes() == b"%PDF-1.4 second"


@pytest.mark.integration
def test_created_folders_are_removed_on_rollback(archive, settings):
    media = Path(settings.MEDIA_ROOT)
    # a file where a folder must go: originals/sub cannot be created
    (media / "originals" / "sub").write_bytes(b"a file, not a folder")
    before = _tree(media)
    with pytest.raises(BackupError, match="nothing was restored"):
        restore_backup(archive)
    assert not Party.objects.exists() and _tree(media) == before
    (media / "originals" / "sub").unlink()
    restore_backup(archive)
    assert (media / "originals" / "sub" / "b.pdf").is_file()


def _with_records(archive: Path, out: Path, records: bytes) -> Path:
    """A copy of the archive whose records.json is `records`, the manifest's checksum fixed
    (the checksums detect damage, not a deliberate edit)."""
    with zipfile.ZipFile(archive) as src, zipfile.ZipFile(out, "w") as dst:
        manifest = json.loads(src.read("manifest.json"))
        manifest["records_sha256"] = hashlib.sha256(records).hexdigest()
        for item in src.infolist():
            if item.filename not in ("manifest.json", "records.json"):
                dst.writestr(item, src.read(item))
        dst.writestr("records.json", records)
        dst.writestr("manifest.json", json.dumps(manifest))
    return out


@pytest.mark.parametrize(
    ("records", "message"),
    [
        (b'[{"model": "registry.party", ', "not valid JSON"),
        (b'{"model": "registry.party"}', "not a list of records"),
        (b"[1, 2]", "not a list of records"),
        (b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
        (b'[{"model": "nope.nothing", "pk": 1, "fields": {}}]', "cannot be loaded"),
        (b'[{"model": "registry.party", "pk": 1}]', "cannot be loaded"),
        (
            b'[{"model": "registry.country", "pk": 1, "fields": {"iso3": "ABC", "ldc": "maybe"}}]',
            "cannot be loaded",
        ),
        (
            b'[{"model": "registry.party", "pk": 1, "fields": {"code": "X", "country": 999}}]',
            "cannot be loaded",
        ),
    ],
)
@pytest.mark.integration
def test_malformed_records_give_one_line_and_change_nothing(
    archive, tmp_path, settings, capsys, records, message
):
    media = Path(settings.MEDIA_ROOT)
    before = _tree(media)
    bad = _with_records(archive, tmp_path / "bad.zip", records)
    with pytest.raises(BackupError, match=message):
        restore_backup(bad)
    assert main(["restore", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and message in err, err
    assert not Party.objects.exists() and _tree(media) == before
    restore_backup(archive)  # the good archive still restores
    assert Party.objects.count() == 4


@pytest.mark.integration
def test_no_room_for_the_staging_folder_is_a_clean_error(archive, tmp_path, settings):
    blocker = tmp_path / "not-a-folder"
    blocker.write_bytes(b"a file where the media folder's parent should be")
    settings.MEDIA_ROOT = str(blocker / "media")
    with pytest.raises(BackupError, match="staging folder"):
        restore_backup(archive)
    assert not Party.objects.exists()
