"""`minamata-kb export activities --format csv|xlsx|iati [-o FILE]`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from minamata_kb.activities.exporting import export


class Command(BaseCommand):
    help = "Export every activity, ordered by code, as CSV, XLSX or IATI 2.03 XML."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["csv", "xlsx", "iati"], default="csv")
        parser.add_argument("-o", "--output", type=Path, help="file to write (stdout if absent)")

    def handle(self, *args: Any, **options: Any) -> None:
        data = export(options["format"])
        out: Path | None = options["output"]
        if out is None:
            if options["format"] == "xlsx" and sys.stdout.isatty():
                raise CommandError("XLSX is binary: give -o FILE")
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        else:
            out.write_bytes(data)
            self.stderr.write(f"wrote {out} ({len(data)} bytes)")
