"""`minamata-kb reindex [--resource ID]`: rebuild passages, vectors and the full-text index."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Rebuild the search index (passages, full-text rows, vectors of every embedder in "
        "SEARCH_EMBEDDERS); vectors of unchanged passages are reused."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--resource", default=None, help="external id of one resource")

    def handle(self, *args: Any, **o: Any) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        from minamata_kb.library.models import Resource
        from minamata_kb.search.indexing import index_resource, reindex_all

        if o["resource"]:
            r = Resource.objects.filter(external_id=o["resource"]).first()
            if r is None:
                raise CommandError(f"no resource with id {o['resource']!r}")
            n = index_resource(r.pk)
            self.stderr.write(f"{r.external_id}: {n} passage(s)")
            return
        console = Console(file=sys.stderr)
        with Progress(
            TextColumn("reindexing"),
            BarColumn(),
            MofNCompleteColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,
        ) as bar:
            task = bar.add_task("reindex", total=None)

            def tick(n: int, total: int) -> None:
                bar.update(task, completed=n, total=total)

            resources, passages = reindex_all(progress=tick)
        self.stderr.write(f"reindexed {resources} resource(s), {passages} passage(s)")
