"""`minamata-kb export resources --format jsonl|csv [-o FILE]` (stable order: by id)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from minamata_kb.library.transfer import export_csv, export_jsonl


class Command(BaseCommand):
    help = "Export every resource as JSON Lines or CSV, ordered by id (stdout without -o)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
        parser.add_argument("-o", "--output", type=Path, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        text = export_csv() if options["format"] == "csv" else export_jsonl()
        if options["output"]:
            options["output"].write_text(text, encoding="utf-8", newline="")
            self.stderr.write(f"wrote {options['output']}")
        else:
            self.stdout.write(text, ending="")
