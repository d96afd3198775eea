"""`minamata-kb export work-programme [--biennium B] [--format csv|json] [--scope public|all]
[-o FILE]`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from minamata_kb.activities.workprogramme import export_work_programme


class Command(BaseCommand):
    help = "Export the work programme: items, budget lines, planned against delivered."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--biennium", default="")
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument("-o", "--output", type=Path)
        parser.add_argument(
            "--scope",
            choices=["public", "all"],
            default="public",
            help="public (default): only published activities and events are named; "
            "all: every linked one (for the secretariat's own use)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        data = export_work_programme(
            options["format"], options["biennium"], everything=options["scope"] == "all"
        )
        if options["output"] is None:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        else:
            options["output"].write_bytes(data)
            self.stderr.write(f"wrote {options['output']} ({len(data)} bytes)")
