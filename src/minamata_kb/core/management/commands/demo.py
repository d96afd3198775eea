"""`minamata-kb demo`: init, demo accounts and content, then serve."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from minamata_kb.core.extensions import app_modules
from minamata_kb.core.management.commands.serve import ensure_port_free


def load_demo_content(stdout: Any) -> None:
    """Run every app's `demo.load(stdout)` in INSTALLED_APPS order (each is idempotent)."""
    for module in app_modules("demo"):
        module.load(stdout)


class Command(BaseCommand):
    help = "Run init, load the demo content (idempotent), then serve on 127.0.0.1:8000."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="load the demo and stop")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_serve"]:  # say it before minutes of loading, not after
            ensure_port_free(options["host"], options["port"])
        call_command("init")
        load_demo_content(self.stderr)
        self.stderr.write("demo: content loaded\n")
        if not options["no_serve"]:
            call_command("serve", host=options["host"], port=options["port"])
