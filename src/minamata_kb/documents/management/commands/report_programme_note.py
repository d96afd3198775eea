"""`minamata-kb report programme-note`: the capacity-building and technical assistance
programme note of a COP meeting (Sections I–V) and its compilation of submissions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from minamata_kb.core.numbers import as_id
from minamata_kb.documents import services
from minamata_kb.documents.meetings import Meeting, MeetingDocument
from minamata_kb.documents.programme_note import MissingTranslations
from minamata_kb.publishing import render
from minamata_kb.publishing.formatting import LANGS


def find_note(ref: str) -> MeetingDocument:
    """The programme note of meeting `ref` (a meeting id or 'latest')."""
    if ref == "latest":
        meeting = Meeting.objects.order_by("-number").first()
    elif (pk := as_id(ref)) is not None:
        meeting = Meeting.objects.filter(pk=pk).first()
    else:
        raise CommandError(f"--meeting must be a meeting id or 'latest', not {ref!r}")
    if meeting is None:
        raise CommandError(f"no meeting {ref!r} (add one on the COP documents page)")
    note = meeting.documents.filter(kind=MeetingDocument.Kind.PROGRAMME_NOTE).first()
    if note is None:
        raise CommandError(f"COP-{meeting.number} has no programme note among its documents")
    return note


class Command(BaseCommand):
    help = (
        "Build the programme note of a COP meeting (Sections I-V, from a frozen snapshot of the "
        "meeting's data) and/or its compilation of submissions, in one of the six UN languages."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--meeting", default="latest", help="meeting id, or 'latest'")
        parser.add_argument("--lang", default="en", choices=LANGS)
        parser.add_argument("--format", default="docx", choices=services.FORMATS)
        parser.add_argument(
            "--kind", default="note", choices=["note", "annex", "all"],
            help="note, annex, or all (the annex goes to FILE-annex.EXT)",
        )  # fmt: skip
        parser.add_argument(
            "--draft", action="store_true",
            help="build even when record text is not translated, marking it [[lang? ...]]",
        )  # fmt: skip
        parser.add_argument(
            "--internal", action="store_true",
            help="add the appendix tracing every paragraph to its records (not for issue)",
        )  # fmt: skip
        parser.add_argument("-o", "--output", required=True, help="file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        note = find_note(str(options["meeting"]))
        out = Path(options["output"])
        kinds = ["note", "annex"] if options["kind"] == "all" else [options["kind"]]
        for kind in kinds:
            target = out if kind == kinds[0] else out.with_name(f"{out.stem}-annex{out.suffix}")
            try:
                doc, data, images = services.generate_programme_note(
                    None, note, kind, options["lang"], options["format"],
                    internal=options["internal"], draft=options["draft"],
                )  # fmt: skip
            except MissingTranslations as exc:
                raise CommandError(str(exc)) from exc
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            render.write_edition(target, data, images)
            self.stderr.write(
                f"{kind} of {note.symbol} ({options['lang']}, {options['format']}) -> {target} "
                f"[snapshot SNAP-{doc.snapshot_id}, sha256 {doc.sha256[:12]}]"
            )
