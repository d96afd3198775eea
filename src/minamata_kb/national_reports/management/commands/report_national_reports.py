"""`minamata-kb report national-reports --cycle ID|latest --lang L --format docx|pdf -o FILE`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from minamata_kb.core.languages import CONTENT_TO_UI, UI_TO_CONTENT
from minamata_kb.national_reports.documents import build_document
from minamata_kb.national_reports.selectors import resolve_cycle


class Command(BaseCommand):
    help = (
        "Write the analysis of national reports of a cycle as DOCX or PDF in one of six languages."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cycle", default="latest", help="cycle code, or `latest`")
        parser.add_argument("--lang", default="en", help="en, fr, es, ru, zh, ar")
        parser.add_argument("--format", dest="fmt", choices=["docx", "pdf", "md"], default="docx")
        parser.add_argument("-o", "--output", type=Path, required=True)
        parser.add_argument(
            "--published-only",
            action="store_true",
            help="count only published reports (default: every submitted report)",
        )
        parser.add_argument(
            "--internal",
            action="store_true",
            help="the secretariat's edition: an appendix traces the figures to the snapshot",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        lang = options["lang"].lower()
        lang = UI_TO_CONTENT.get(lang, lang)
        if lang not in CONTENT_TO_UI:
            raise CommandError(f"unknown language {options['lang']!r}; use en, fr, es, ru, zh, ar")
        include = not options["published_only"]
        cycle = resolve_cycle(options["cycle"], include_unpublished=include)
        if cycle is None:
            raise CommandError(f"unknown cycle {options['cycle']!r}")
        data = build_document(
            cycle,
            lang=lang,
            fmt=options["fmt"],
            include_unpublished=include,
            keep=True,
            internal=options["internal"],
        )
        options["output"].write_bytes(data)
        self.stderr.write(
            f"{options['output']}: analysis of cycle {cycle.code}, {lang}, "
            f"{options['fmt']}, {len(data)} bytes"
        )
