"""What the `report` commands of the COP notes share (`report submissions`, `report
programme-note`): a note and/or its compilation annex, built from a frozen snapshot in one of the
six UN languages and written as DOCX, PDF or Markdown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from minamata_kb.core.languages import CONTENT_LANGUAGES
from minamata_kb.documents import services
from minamata_kb.documents.meetings import MissingTranslations
from minamata_kb.documents.models import Document
from minamata_kb.publishing import render


class NoteCommand(BaseCommand):
    """`report KIND [SUBJECT] --lang L --format F --kind note|annex|all [--draft] -o FILE`.

    A subclass names its subject's option (`add_subject`), finds the subject (`subject`), builds
    one kind of edition of it (`generate`) and says what it built (`label`); with `--kind all`
    the annex goes to FILE-annex.EXT."""

    draft_help = ""

    def add_subject(self, parser: CommandParser) -> None:
        raise NotImplementedError

    def add_options(self, parser: CommandParser) -> None:
        """Options of this command only (after the shared ones, before -o)."""

    def subject(self, options: dict[str, Any]) -> Any:
        raise NotImplementedError

    def generate(
        self, subject: Any, kind: str, options: dict[str, Any]
    ) -> tuple[Document, bytes, dict[str, bytes]]:
        """The document record, the edition and its images of `kind` (note or annex)."""
        raise NotImplementedError

    def label(self, subject: Any) -> str:
        raise NotImplementedError

    def add_arguments(self, parser: CommandParser) -> None:
        self.add_subject(parser)
        parser.add_argument("--lang", default="en", choices=CONTENT_LANGUAGES)
        parser.add_argument("--format", default="docx", choices=services.FORMATS)
        parser.add_argument(
            "--kind",
            default="note",
            choices=[*services.KINDS, "all"],
            help="note, annex, or all (the annex goes to FILE-annex.EXT)",
        )
        parser.add_argument("--draft", action="store_true", help=self.draft_help)
        self.add_options(parser)
        parser.add_argument("-o", "--output", required=True, help="file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        subject = self.subject(options)
        out = Path(options["output"])
        kinds = list(services.KINDS) if options["kind"] == "all" else [options["kind"]]
        for kind in kinds:
            target = out if kind == kinds[0] else out.with_name(f"{out.stem}-annex{out.suffix}")
            try:
                doc, data, images = self.generate(subject, kind, options)
            except MissingTranslations as exc:
                raise CommandError(str(exc)) from exc
            render.write_edition(target, data, images)
            self.stderr.write(
                f"{kind} of {self.label(subject)} ({options['lang']}, {options['format']}) -> "
                f"{target} [snapshot SNAP-{doc.snapshot_id}, sha256 {doc.sha256[:12]}]"
            )
