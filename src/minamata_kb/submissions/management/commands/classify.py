"""`minamata-kb classify [--json] [--paragraphs] < TEXT`."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from minamata_kb.textanalysis import classifier

MAX_CHARS = 2_000_000


class Command(BaseCommand):
    help = "Propose articles, topics, statement roles and countries for a text read from stdin."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="JSON on stdout")
        parser.add_argument(
            "--paragraphs",
            action="store_true",
            help="classify each paragraph (candidate statements) instead of the whole text",
        )
        parser.add_argument(
            "--zero-shot",
            action="store_true",
            help="use the convention profile only, not the confirmed statements",
        )

    def handle(self, *args: Any, **o: Any) -> None:
        data = sys.stdin.buffer.read(MAX_CHARS + 1)
        if len(data) > MAX_CHARS:
            raise CommandError(f"the text is longer than {MAX_CHARS} bytes", returncode=2)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CommandError(
                f"the text is not UTF-8 ({exc.reason} at byte {exc.start})", returncode=2
            ) from None
        if not text.strip():
            raise CommandError("no text on stdin", returncode=2)
        clf = classifier.get_classifier(examples=[] if o["zero_shot"] else None)
        if o["paragraphs"]:
            results = classifier.classify_paragraphs(text, clf)
            if o["json"]:
                payload = [{"text": p, **c.as_json()} for p, c in results]
                self.stdout.write(json.dumps({"paragraphs": payload}, ensure_ascii=False))
            else:
                for i, (p, c) in enumerate(results, 1):
                    self.stdout.write(f"[{i}] {p[:80]}{'…' if len(p) > 80 else ''}")
                    self._human(c)
            return
        result = clf.classify(text)
        if o["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
        else:
            self._human(result)

    def _human(self, c: Any) -> None:
        def fmt(pairs: list) -> str:
            return ", ".join(f"{k} ({s:.2f})" for k, s in pairs) or "-"

        self.stdout.write(f"  articles:  {fmt(c.articles)}")
        self.stdout.write(f"  topics:    {fmt(c.topics)}")
        self.stdout.write(f"  roles:     {fmt(c.roles)}")
        self.stdout.write(f"  countries: {', '.join(c.countries) or '-'}")
