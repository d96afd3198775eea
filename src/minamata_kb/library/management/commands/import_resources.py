"""`minamata-kb import resources FILE.jsonl`: upsert resources, one JSON object a line."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from minamata_kb.core.commands import FileCommand, progress
from minamata_kb.library.transfer import import_lines, said


class Command(FileCommand):
    help = (
        "Upsert resources from JSON Lines (id required; title, text, language, url, type, date, "
        "org, articles, topics, summary, translation_of, published). Bad lines are reported on "
        "stderr with their line number and skipped; exit 1 if any line was rejected."
    )
    dry_run_help = "check every line, write nothing"

    def handle(self, *args: Any, **options: Any) -> None:
        path = self.input_file(options)
        data = path.read_bytes()
        lines = data.split(b"\n")
        if lines and lines[-1] == b"":
            lines.pop()
        with progress("importing", total=len(lines)) as tick:
            with transaction.atomic():
                out = import_lines(lines, progress=tick)
                if options["dry_run"]:
                    transaction.set_rollback(True)
        for w in out.warnings:
            self.stderr.write(f"{path}:{w.line}: warning: {said(w)}")
        for e in out.errors:
            self.stderr.write(f"{path}:{e.line}: {said(e)}")
        prefix = "dry run, nothing written: " if options["dry_run"] else ""
        self.stderr.write(f"{path}: {prefix}{out.summary()}")
        if out.errors:
            self.exit_code = 1
