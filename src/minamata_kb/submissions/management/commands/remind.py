"""`minamata-kb remind`: e-mail the due reminders of open calls to the addressees that have
not submitted, each in its language; every mail is logged (ReminderSent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from minamata_kb.core.numbers import date_arg
from minamata_kb.submissions.reminders import send_due_reminders


class Command(BaseCommand):
    help = (
        "E-mail each open call's latest due reminder to the addressees that have not submitted"
        " and not yet had it, in their language; logged per recipient (idempotent; run daily)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=date_arg, help="pretend today is YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"]
        done = send_due_reminders(None, today=today)
        for call, date, sent in done:
            self.stderr.write(
                f"reminder {date} of call {call.pk} ({call.title}): {sent} recipient(s)"
            )
        total = sum(sent for _call, _date, sent in done)
        self.stderr.write(f"{total} reminder(s) sent")
