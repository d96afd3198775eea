"""`minamata-kb restore FILE`: load a backup into an empty database and verify it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from minamata_kb.site.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup archive into an empty database (SQLite or PostgreSQL) and verify the manifest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = restore_backup(options["file"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(manifest["counts"].values())
        self.stderr.write(f"restore: {rows} records and {len(manifest['files'])} files verified")
