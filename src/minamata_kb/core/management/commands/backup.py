"""`minamata-kb backup -o FILE`: one consistent archive of records and stored files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from minamata_kb.core.backup import create_backup


class Command(BaseCommand):
    help = "Write a consistent backup archive (records, stored originals, manifest); safe while serving."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", type=Path, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        manifest = create_backup(options["output"])
        rows = sum(manifest["counts"].values())
        self.stderr.write(
            f"backup: {rows} records and {len(manifest['files'])} files -> {options['output']}"
        )
