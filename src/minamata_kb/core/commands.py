"""Base classes for the CLI's import commands (one behaviour for every KIND)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from minamata_kb.core.importing import ImportRejected


class ImportCommand(BaseCommand):
    """`import KIND FILE [--dry-run]`: validate all, print errors by line, write all or nothing."""

    importer: Any = None
    exit_code = 0

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="print what would change, write nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            report = type(self).importer(path, actor=None, dry_run=options["dry_run"])
        except ImportRejected as exc:
            for error in exc.errors:
                self.stderr.write(
                    f"{path}:{error.line}: {error.field + ': ' if error.field else ''}{error.message}"
                )
            self.stderr.write(f"{path}: rejected, {len(exc.errors)} error(s); nothing was written")
            self.exit_code = 1
            raise SystemExit(1) from None
        if options["dry_run"]:
            for key in report.created:
                self.stdout.write(f"would create {key}")
            for key in report.updated:
                self.stdout.write(f"would update {key}")
        self.stderr.write(f"{path}: {report.summary()}")
