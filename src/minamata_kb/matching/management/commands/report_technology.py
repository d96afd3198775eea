"""`minamata-kb report technology --lang L --format docx|pdf -o FILE`: the Article 14(4) review."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from minamata_kb.core.languages import CONTENT_LANGUAGES
from minamata_kb.matching.technology import render_report


class Command(BaseCommand):
    help = (
        "Build the Article 14(4) review (alternative technologies, technology needs, challenges "
        "in technology transfer) in one of the six UN languages, as DOCX or PDF."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--lang", default="en", choices=[*CONTENT_LANGUAGES, "all"])
        parser.add_argument("--format", default="docx", choices=["docx", "pdf", "md"])
        parser.add_argument(
            "--include-unpublished",
            action="store_true",
            help="count drafts too (a working copy for the secretariat)",
        )
        parser.add_argument(
            "--internal",
            action="store_true",
            help="the secretariat's edition: an appendix names the source records and snapshot",
        )
        parser.add_argument(
            "-o", "--output", required=True, help="file to write (with --lang all: FILE-LANG.EXT)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["output"])
        langs = CONTENT_LANGUAGES if options["lang"] == "all" else (options["lang"],)
        for lang in langs:
            target = out if len(langs) == 1 else out.with_name(f"{out.stem}-{lang}{out.suffix}")
            data = render_report(
                lang,
                options["format"],
                published_only=not options["include_unpublished"],
                keep=True,
                internal=options["internal"],
            )
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            self.stderr.write(f"technology review ({lang}, {options['format']}) -> {target}")
