"""Demo library: the resources in data/demo/resources.jsonl, loaded through the import service."""

from __future__ import annotations

from typing import TextIO

from django.conf import settings

from minamata_kb.library.transfer import import_lines, said


def load(stdout: TextIO) -> None:
    """Upsert the demo resources (idempotent: unchanged lines are not re-indexed)."""
    path = settings.DATA_DIR / "demo" / "resources.jsonl"
    if not path.exists():
        stdout.write(f"library demo: {path} not found, skipped\n")
        return
    out = import_lines(path.read_bytes().splitlines())
    for e in out.errors:
        stdout.write(f"library demo: {path.name}:{e.line}: {said(e)}\n")
    stdout.write(f"library demo: {out.summary()}\n")
