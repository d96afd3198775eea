"""`minamata-kb export reporting-template --lang L --format xlsx|docx [--cycle ID] -o FILE`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from minamata_kb.core.languages import CONTENT_TO_UI, UI_TO_CONTENT
from minamata_kb.national_reports.offline import template_docx, template_xlsx
from minamata_kb.national_reports.selectors import resolve_cycle


class Command(BaseCommand):
    help = "Write the blank offline reporting template (XLSX or DOCX) in one of six languages."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--lang", default="en")
        parser.add_argument("--format", dest="fmt", choices=["xlsx", "docx"], default="xlsx")
        parser.add_argument("--cycle", default="full-2021", help="cycle code or `latest`")
        parser.add_argument("--party", default="", help="ISO3 code to prefill")
        parser.add_argument("-o", "--output", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        lang = UI_TO_CONTENT.get(options["lang"].lower(), options["lang"].lower())
        if lang not in CONTENT_TO_UI:
            raise CommandError(f"unknown language {options['lang']!r}")
        cycle = resolve_cycle(options["cycle"], include_unpublished=True)
        if cycle is None:
            raise CommandError(f"unknown cycle {options['cycle']!r}")
        build = template_xlsx if options["fmt"] == "xlsx" else template_docx
        data = build(cycle, lang, party_code=options["party"].upper())
        if options["output"]:
            options["output"].write_bytes(data)
            self.stderr.write(f"{options['output']}: {len(data)} bytes")
        else:
            sys.stdout.buffer.write(data)
