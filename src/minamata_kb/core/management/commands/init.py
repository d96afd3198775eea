"""`minamata-kb init`: migrate and load the reference data (idempotent)."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand


def load_reference_data(stdout: Any) -> None:
    """Run every app's `refdata.load(stdout)` in INSTALLED_APPS order."""
    for config in apps.get_app_configs():
        if not config.name.startswith("minamata_kb."):
            continue
        try:
            module = import_module(f"{config.name}.refdata")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.refdata":
                raise
            continue
        module.load(stdout)


class Command(BaseCommand):
    help = "Create or migrate the database and load the reference data; safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        load_reference_data(self.stderr)
        self.stderr.write("init: database ready\n")
