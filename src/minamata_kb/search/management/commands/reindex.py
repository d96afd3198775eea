"""`minamata-kb reindex [--resource ID]`: rebuild passages, vectors and the full-text index."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from minamata_kb.core.commands import progress
from minamata_kb.library.models import Resource
from minamata_kb.search.indexing import index_resource, reindex_all


class Command(BaseCommand):
    help = (
        "Rebuild the search index (passages, full-text rows, vectors of every embedder in "
        "SEARCH_EMBEDDERS); vectors of unchanged passages are reused."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--resource", default=None, help="external id of one resource")

    def handle(self, *args: Any, **o: Any) -> None:
        if o["resource"]:
            r = Resource.objects.filter(external_id=o["resource"]).first()
            if r is None:
                raise CommandError(f"no resource with id {o['resource']!r}")
            n = index_resource(r.pk)
            self.stderr.write(f"{r.external_id}: {n} passage(s)")
            return
        with progress("reindexing") as tick:
            resources, passages = reindex_all(progress=tick)
        self.stderr.write(f"reindexed {resources} resource(s), {passages} passage(s)")
