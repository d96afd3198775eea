"""`minamata-kb remind`: e-mail the reminders of open calls that are due today."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from minamata_kb.submissions.services import send_due_reminders


class Command(BaseCommand):
    help = "E-mail every open call's reminders that are due and not yet sent (idempotent; cron)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="pretend today is YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        today = dt.date.fromisoformat(options["today"]) if options["today"] else None
        done = send_due_reminders(None, today=today)
        for call, date in done:
            self.stderr.write(f"reminder {date} sent for call {call.pk} ({call.title})")
        self.stderr.write(f"{len(done)} reminder(s) sent")
