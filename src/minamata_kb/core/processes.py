"""Real processes for tests and benchmarks: the CLI, a served instance, every export, and a
scratch PostgreSQL database. Nothing here is used by the application itself.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CLI = [sys.executable, "-m", "minamata_kb"]
# Every export kind with the format that re-imports unchanged (README command table).
EXPORTS = {
    "resources": ["export", "resources", "--format", "jsonl"],
    "activities": ["export", "activities", "--format", "csv"],
    "events": ["export", "events", "--format", "json"],
    "work-programme": ["export", "work-programme", "--format", "json"],
    "requests": ["export", "requests", "--format", "json"],
}


class ProcessFailed(RuntimeError):
    """A CLI command exited with an error; the message ends with its stderr."""


def cli_env(var_dir: Path, database_url: str | None = None, **extra: str) -> dict[str, str]:
    """The environment of a `minamata-kb` process on its own var directory and database
    (SQLite under ``var_dir`` unless ``database_url``)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "MEDIA_ROOT")}
    env.update({"MINAMATA_KB_VAR_DIR": str(var_dir), "LOG_LEVEL": "WARNING", **extra})
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def cli(env: dict[str, str], *args: str, timeout: float = 300) -> str:
    """Run `minamata-kb ARGS`; return its stdout, raise ProcessFailed on a non-zero exit."""
    proc = subprocess.run(
        [*CLI, *args], env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if proc.returncode != 0:
        raise ProcessFailed(
            f"minamata-kb {' '.join(args)} exited {proc.returncode}: {proc.stderr[-2000:]}"
        )
    return proc.stdout


def export_all(env: dict[str, str]) -> dict[str, str]:
    """Every export kind's output (stdout) from the database of ``env``."""
    return {kind: cli(env, *args) for kind, args in EXPORTS.items()}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def served(
    env: dict[str, str], *, port: int | None = None, workers: int = 2, timeout: float = 300
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`minamata-kb serve` (gunicorn) in its own process group; yields (base URL, process) once
    /healthz answers, and stops the whole group at the end."""
    port = port or free_port()
    server = subprocess.Popen(
        # --no-worker: measure gunicorn alone, tasks inline as configured (TASKS_BACKEND)
        [*CLI, "serve", "--port", str(port), "--workers", str(workers), "--no-worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=5).read()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise ProcessFailed(
                        f"minamata-kb serve did not answer on {base} (exit {server.poll()})"
                    ) from None
                time.sleep(0.3)
        yield base, server
    finally:
        try:
            os.killpg(server.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (a server's master and workers), in MB."""
    import psutil

    try:
        proc = psutil.Process(pid)
        return sum(p.memory_info().rss for p in [proc, *proc.children(recursive=True)]) / 1048576
    except psutil.Error:
        return float("nan")


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by a process and its children."""
    import psutil

    try:
        proc = psutil.Process(pid)
        return sum(sum(p.cpu_times()[:2]) for p in [proc, *proc.children(recursive=True)])
    except psutil.Error:
        return float("nan")


def admin_url(database_url: str) -> str:
    """The same PostgreSQL server's `postgres` maintenance database."""
    return urllib.parse.urlsplit(database_url)._replace(path="/postgres").geturl()


@contextmanager
def scratch_postgres(admin: str, prefix: str = "mkb_restore") -> Iterator[str]:
    """A new, empty PostgreSQL database named PREFIX_<random>; yields its URL, drops it at the
    end (whoever is still connected)."""
    import psycopg

    name = f"{prefix}_{secrets.token_hex(4)}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    try:
        yield urllib.parse.urlsplit(admin)._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
