"""`minamata-kb serve`: serve the web UI and API with gunicorn.

Background work (reading uploads, indexing, classifier proposals) runs off the request: serve
starts one `minamata-kb worker` beside gunicorn and both use the database queue; they stop
together. TASKS_BACKEND set explicitly wins: `immediate` runs tasks inside the request that
queues them (an upload's text is still read in a child process limited in time and memory,
core/sandbox.py), `database` with --no-worker expects workers run elsewhere (deploy/).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
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
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="do not start a task worker beside the server (one runs elsewhere)",
        )

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
            # each worker warms the models and indexes before it accepts requests
            "--config",
            "python:minamata_kb.core.gunicorn_conf",
        ]
        if not os.environ.get("TASKS_BACKEND") and not options["no_worker"]:
            os.environ["TASKS_BACKEND"] = "database"  # for gunicorn and the worker started here
        backend = os.environ.get("TASKS_BACKEND") or settings.TASKS_BACKEND
        if backend != "database" or options["no_worker"]:
            os.execv(sys.executable, argv)
        self.stderr.write("background tasks: a worker runs beside the server (database queue)\n")
        sys.exit(run_together([[sys.executable, "-m", "minamata_kb", "worker"], argv]))


def run_together(commands: list[list[str]]) -> int:
    """Run the commands side by side until one ends or a signal comes; then stop them all.
    Returns the exit status of the first to end (0 after SIGTERM/SIGINT)."""
    procs = [subprocess.Popen(c) for c in commands]  # noqa: S603 - our own interpreter
    stopping: list[int] = []

    def stop(signum: int, _frame: Any) -> None:
        stopping.append(signum)

    before = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    status = 0
    try:
        while not stopping:
            ended = [p for p in procs if p.poll() is not None]
            if ended:
                status = ended[0].returncode or 0
                break
            time.sleep(0.2)
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)
    for p in procs:
        if p.poll() is None:
            p.terminate()
    deadline = time.monotonic() + 30
    for p in procs:
        try:
            p.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
    return status
