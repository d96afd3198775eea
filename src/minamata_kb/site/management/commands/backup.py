"""`minamata-kb backup -o FILE`: one consistent archive of records and stored files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from minamata_kb.site.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Write a consistent backup archive (records, stored originals, manifest); safe while serving."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", type=Path, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path = options["output"]
        if output.is_dir():
            raise CommandError(f"{output}: is a directory; give the archive's file name")
        try:
            manifest = create_backup(output)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from None
        for name in manifest["missing_files"]:
            self.stderr.write(f"backup: warning: {name} is referenced but missing from storage")
        rows = sum(manifest["counts"].values())
        self.stderr.write(f"backup: {rows} records and {len(manifest['files'])} files -> {output}")
