"""`minamata-kb match --party ISO3 [--limit N] --json < NEED_TEXT`."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from minamata_kb.matching.engine import match
from minamata_kb.matching.query import NeedQuery
from minamata_kb.registry.models import Party

MAX_NEED_CHARS = 20_000


class Command(BaseCommand):
    help = "Match a need (text on stdin) to resources, providers, examples and technologies."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--party", help="ISO3 code of the party the need is from")
        parser.add_argument("--limit", type=int, default=10, help="results per list (1-50)")
        parser.add_argument("--lang", help="language of the need (detected when absent)")
        parser.add_argument("--json", action="store_true", help="JSON on stdout")

    def handle(self, *args: Any, **options: Any) -> None:
        raw = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read()
        if isinstance(raw, bytes):
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise CommandError(f"the need text is not UTF-8 (byte {exc.start})") from exc
        else:
            text = raw
        text = text.strip()
        if not text:
            raise CommandError("give the need text on standard input")
        if len(text) > MAX_NEED_CHARS:
            raise CommandError(f"the need text is longer than {MAX_NEED_CHARS} characters")
        limit = options["limit"]
        if not 1 <= limit <= 50:
            raise CommandError("--limit must be between 1 and 50")
        party = None
        if options.get("party"):
            party = (
                Party.objects.select_related("country")
                .filter(code=options["party"].upper())
                .first()
            )
            if party is None:
                raise CommandError(f"unknown party {options['party']!r} (give its ISO3 code)")
        q = NeedQuery.build(text, party=party, language=options.get("lang"))
        result = match(q, limit=limit)
        data = result.as_json()
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        self.stdout.write(f"resources for a need of {party.name if party else 'no party'}:")
        for r in data["resources"]:
            self.stdout.write(f"  {r['score']:.3f}  {r['id']}  — {r['why']}")
        self.stdout.write("providers:")
        for p in data["providers"]:
            self.stdout.write(f"  {p['score']:.3f}  {p['name']} ({p['kind']}) — {p['why']}")
