"""`minamata-kb search QUERY [--limit N] [--lang L] [--type T] [--article A] --json`."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from minamata_kb.search.facets import Filters
from minamata_kb.search.services import SearchError, search


class Command(BaseCommand):
    help = "Search the knowledge base (published resources) with the hybrid ranking."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("query")
        parser.add_argument("--limit", type=int, default=10)
        parser.add_argument("--lang", default=None, help="ISO 639-1 language of the resources")
        parser.add_argument("--type", default=None, help="resource type slug")
        parser.add_argument("--article", type=int, default=None, help="article number")
        parser.add_argument("--topic", default=None, help="topic slug")
        parser.add_argument("--region", default=None)
        parser.add_argument("--provider", default=None, help="provider organisation slug")
        parser.add_argument("--year", type=int, default=None)
        parser.add_argument("--json", action="store_true", help="JSON on stdout")
        parser.add_argument("--no-log", action="store_true", help="do not keep the query")

    def handle(self, *args: Any, **o: Any) -> None:
        if not 1 <= o["limit"] <= 100:
            raise CommandError("--limit must be between 1 and 100", returncode=2)
        filters = Filters.from_params(o)
        try:
            res = search(
                o["query"],
                filters=filters,
                limit=o["limit"],
                log_source=None if o["no_log"] else "cli",
            )
        except SearchError as exc:
            raise CommandError(str(exc), returncode=2) from None
        if o["json"]:
            payload = {
                "query": res.query,
                "took_ms": res.took_ms,
                # The shape is the command-line contract (docs/product.md): exactly these keys.
                # How many results are relevant and how many weaker goes to stderr below.
                "results": [
                    {
                        "id": h.id,
                        "title": h.title,
                        "language": h.language,
                        "score": h.score,
                        "snippet": h.snippet,
                    }
                    for h in res.hits
                ],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
        else:
            for n, h in enumerate(res.hits, 1):
                weak = " (weaker match)" if h.weak else ""
                self.stdout.write(
                    f"{n:>3}. [{h.language}] {h.title}  ({h.id}, {h.score:.3f}){weak}"
                )
                self.stdout.write(f"     {h.snippet}")
        weaker = f" and {res.weaker} weaker match(es)" if res.weaker else ""
        self.stderr.write(f"{res.total} relevant result(s){weaker} in {res.took_ms:.1f} ms")
        if res.read_as:
            self.stderr.write(f"also searched as: {'; '.join(res.read_as)}")
