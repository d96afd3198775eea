"""`minamata-kb serve`: serve the web UI and API with gunicorn."""

from __future__ import annotations

import os
import socket
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser


def ensure_port_free(host: str, port: int) -> None:
    """Refuse at once, with the way out, when another program listens on the address."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise CommandError(
                f"cannot serve on {host}:{port}: {exc.strerror or exc}. Another program (perhaps "
                f"another minamata-kb) is using it: stop it, or choose another port with "
                f"--port {port + 1} (make demo PORT={port + 1})."
            ) from None


class Command(BaseCommand):
    help = "Serve the web UI and API (gunicorn, static files by whitenoise)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args: Any, **options: Any) -> None:
        ensure_port_free(options["host"], options["port"])
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stderr.write(f"serving on http://{options['host']}:{options['port']}/\n")
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "minamata_kb.wsgi:application",
            "--bind",
            f"{options['host']}:{options['port']}",
            "--workers",
            str(options["workers"]),
            "--timeout",
            "120",
        ]
        os.execv(sys.executable, argv)
