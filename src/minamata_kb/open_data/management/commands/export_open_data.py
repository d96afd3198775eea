"""`minamata-kb export open-data -o DIR [--base-url URL]`: every public dump and the catalogue."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from minamata_kb.open_data.services import write_all


class Command(BaseCommand):
    help = (
        "Write every public collection (CSV, JSON, and JSON Lines for resources) and the DCAT "
        "catalogue (catalog.jsonld) into a folder. Only published records."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", type=Path, required=True, help="folder to write")
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="the site's address, for the download links in catalog.jsonld",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["output"]
        if out.exists() and not out.is_dir():
            raise CommandError(f"{out} exists and is not a folder")
        for path, size in write_all(out, options["base_url"]):
            self.stdout.write(f"{path}\t{size}")
