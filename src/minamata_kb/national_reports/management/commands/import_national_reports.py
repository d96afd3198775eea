"""`minamata-kb import national-reports FILE [--dry-run] [--publish]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from minamata_kb.core.commands import ImportCommand
from minamata_kb.core.importing import ImportReport
from minamata_kb.national_reports.importer import import_national_reports


class Command(ImportCommand):
    help = (
        "Import national reports (CSV, XLSX or JSON; one row per party and question: "
        "party, cycle, question, answer, comment). Every error is listed by row and column; "
        "nothing is written if any is found."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--publish", action="store_true", help="publish the imported reports at once"
        )

    def run_import(self, path: Path, options: dict[str, Any]) -> ImportReport:
        return import_national_reports(
            path, actor=None, dry_run=options["dry_run"], publish=options["publish"]
        )
