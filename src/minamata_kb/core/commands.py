"""What the CLI's commands share: the import and export commands (one behaviour for every KIND)
and a progress bar on stderr for anything that takes more than a moment."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from minamata_kb.core.importing import ImportRejected, ImportReport
from minamata_kb.core.numbers import seconds_arg
from minamata_kb.core.taskqueue import DEFAULT_STALE_AFTER


def add_stale_after(parser: ArgumentParser, help: str) -> None:
    """`--stale-after SECONDS`: how long a task may run before `requeue_stale` presumes it lost."""
    parser.add_argument("--stale-after", type=seconds_arg, default=DEFAULT_STALE_AFTER, help=help)


class FileCommand(BaseCommand):
    """A command that reads FILE and, with `--dry-run`, only checks it."""

    dry_run_help = "print what would change, write nothing"
    exit_code = 0

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help=self.dry_run_help)

    def input_file(self, options: dict[str, Any]) -> Path:
        """The FILE given, refused (CommandError) when there is no such file."""
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        return path


class ImportCommand(FileCommand):
    """`import KIND FILE [--dry-run]`: validate all, print errors by line, write all or nothing."""

    importer: Any = None

    def run_import(self, path: Path, options: dict[str, Any]) -> ImportReport:
        """The importer on FILE; a command with options of its own passes them on here."""
        report: ImportReport = type(self).importer(path, actor=None, dry_run=options["dry_run"])
        return report

    def handle(self, *args: Any, **options: Any) -> None:
        path = self.input_file(options)
        try:
            report = self.run_import(path, options)
        except ImportRejected as exc:
            for error in exc.errors:
                self.stderr.write(
                    f"{path}:{error.line}: {error.field + ': ' if error.field else ''}{error.message}"
                )
            self.stderr.write(f"{path}: rejected, {len(exc.errors)} error(s); nothing was written")
            self.exit_code = 1
            raise SystemExit(1) from None
        if options["dry_run"]:
            for key in report.created:
                self.stdout.write(f"would create {key}")
            for key in report.updated:
                self.stdout.write(f"would update {key}")
        self.stderr.write(f"{path}: {report.summary()}")


class ExportCommand(BaseCommand):
    """`export KIND [--format F] [-o FILE]`: the bytes `export(options)` makes, written to FILE
    (reported on stderr) or to stdout as they are."""

    formats: tuple[str, ...] = ("csv", "json")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=list(self.formats), default=self.formats[0])
        parser.add_argument("-o", "--output", type=Path, help="file to write (stdout if absent)")

    def export(self, options: dict[str, Any]) -> bytes:
        raise NotImplementedError

    def handle(self, *args: Any, **options: Any) -> None:
        self.write(self.export(options), options["output"])

    def write(self, data: bytes, out: Path | None) -> None:
        if out is None:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        else:
            out.write_bytes(data)
            self.stderr.write(f"wrote {out} ({len(data)} bytes)")


@contextmanager
def progress(label: str, total: int | None = None) -> Iterator[Callable[..., None]]:
    """A bar on stderr while the block runs, shown only on a terminal (logs stay clean).

    Yields `tick(done, total=None)`: call it as work advances; a total given to a tick
    replaces the one known at the start.
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    console = Console(file=sys.stderr)
    with Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as bar:
        task = bar.add_task(label, total=total)

        def tick(done: int, new_total: int | None = None) -> None:
            if new_total is None:
                bar.update(task, completed=done)
            else:
                bar.update(task, completed=done, total=new_total)

        yield tick
