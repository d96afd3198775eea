"""`minamata-kb import reporting-format FILE [--dry-run] [--apply-to CYCLE ...]`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from minamata_kb.core.commands import ImportCommand
from minamata_kb.core.importing import ImportRejected
from minamata_kb.national_reports.formats import import_reporting_format
from minamata_kb.national_reports.models import Cycle, ReportingFormat
from minamata_kb.national_reports.tabular import read_rows
from minamata_kb.national_reports.versions import apply_format


class Command(ImportCommand):
    help = (
        "Replace a version of the Article 21 reporting format from a questions file "
        "(CSV, XLSX or JSON); any bad row rejects the file whole. With --apply-to, move "
        "cycles to the file's version, carrying answers over where `replaces` says so."
    )
    importer = staticmethod(import_reporting_format)

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--apply-to",
            action="append",
            default=[],
            metavar="CYCLE",
            help="cycle code to move to the imported version (repeatable)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        cycles = []
        for code in options["apply_to"]:
            cycle = Cycle.objects.select_related("format").filter(code=code).first()
            if cycle is None:
                raise CommandError(f"unknown cycle {code!r}")
            cycles.append(cycle)
        super().handle(*args, **options)
        if not cycles:
            return

        versions = {
            row.get("version", "").strip().lower()
            for _, row in read_rows(options["file"], ["version"])
        }
        if len(versions) != 1:
            raise CommandError("--apply-to needs a file with exactly one version")
        fmt = ReportingFormat.objects.filter(version=versions.pop()).first()
        for cycle in cycles:
            if fmt is None:  # a dry run of a new version
                self.stdout.write(f"would move {cycle.code} to the new version")
                continue
            try:
                rep = apply_format(None, cycle, fmt, dry_run=options["dry_run"])
            except ImportRejected as exc:
                for error in exc.errors:
                    self.stderr.write(f"{cycle.code}: {error.message}")
                raise SystemExit(1) from None
            self.stdout.write(f"{cycle.code}: {fmt.version}, {len(rep.updated)} report(s) mapped")
