"""`minamata-kb export technologies [--format csv|json] [-o FILE]`: the catalogue by slug."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from minamata_kb.matching.catalogue import export_csv, export_json, export_rows


class Command(BaseCommand):
    help = (
        "Export the technology catalogue ordered by slug, one column per language of each"
        " translated field; the file imports back unchanged."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument("-o", "--output", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        rows = export_rows()
        text = export_csv(rows) if options["format"] == "csv" else export_json(rows)
        if options["output"]:
            options["output"].write_text(text, encoding="utf-8", newline="")
            self.stderr.write(f"{len(rows)} technologies written to {options['output']}")
        else:
            sys.stdout.write(text)
