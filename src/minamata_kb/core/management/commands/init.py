"""`minamata-kb init`: migrate and load the reference data (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from minamata_kb.core.extensions import app_modules


def load_reference_data(stdout: Any) -> None:
    """Run every app's `refdata.load(stdout)` in INSTALLED_APPS order."""
    for module in app_modules("refdata"):
        module.load(stdout)


class Command(BaseCommand):
    help = "Create or migrate the database and load the reference data; safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        load_reference_data(self.stderr)
        self.stderr.write("init: database ready\n")
