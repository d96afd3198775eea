"""`minamata-kb export events [--format csv|json] [-o FILE]`: events with attendance."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from minamata_kb.activities.selectors import export_events


class Command(BaseCommand):
    help = "Export events with participants by gender (stable order: by code)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument("-o", "--output", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        data = export_events(options["format"])
        if options["output"] is None:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        else:
            options["output"].write_bytes(data)
            self.stderr.write(f"wrote {options['output']} ({len(data)} bytes)")
