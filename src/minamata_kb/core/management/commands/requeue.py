"""`minamata-kb requeue`: put tasks of dead workers back in the queue."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from minamata_kb.core.commands import add_stale_after
from minamata_kb.core.taskqueue import requeue_stale


class Command(BaseCommand):
    help = (
        "Requeue background tasks left RUNNING by a worker that died (at once for dead workers "
        "of this host, otherwise after --stale-after seconds); fail them after 3 attempts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_stale_after(
            parser, "seconds a task may run before it is presumed lost (default %(default)s)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        out = requeue_stale(options["stale_after"])
        self.stderr.write(f"requeued {len(out.requeued)}, failed {len(out.failed)}")
