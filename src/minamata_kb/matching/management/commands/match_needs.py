"""`minamata-kb match-needs [--party ISO3] [--limit N] [--queue]`: match the open needs not
matched yet (what the secretariat's "Match the open needs not matched yet" button does)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from minamata_kb.matching import services
from minamata_kb.matching.tasks import match_need_task, schedule_matching
from minamata_kb.registry.models import Party


class Command(BaseCommand):
    help = "Match the open needs that have not been matched yet (oldest first)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--party", help="ISO3 code: only this party's needs")
        parser.add_argument("--limit", type=int, default=0, help="at most N needs (0: all)")
        parser.add_argument(
            "--queue", action="store_true", help="queue them for the worker instead of waiting"
        )

    def handle(self, *args: Any, **o: Any) -> None:
        party = None
        if o["party"]:
            party = Party.objects.filter(code=o["party"].upper()).first()
            if party is None:
                raise CommandError(f"no party with the code {o['party']!r}", returncode=2)
        if o["limit"] < 0:
            raise CommandError("--limit must be 0 (all) or more", returncode=2)
        needs = services.needs_to_match(None, party=party)
        ids = list((needs[: o["limit"]] if o["limit"] else needs).values_list("pk", flat=True))
        if o["queue"]:
            schedule_matching(ids)
            self.stderr.write(f"{len(ids)} need(s) queued for matching")
            return
        matches = 0
        for i, pk in enumerate(ids, 1):
            matches += match_need_task.call(pk, None)
            self.stderr.write(f"{i}/{len(ids)} needs matched", ending="\r")
        self.stderr.write(f"{len(ids)} need(s) matched, {matches} proposals")
