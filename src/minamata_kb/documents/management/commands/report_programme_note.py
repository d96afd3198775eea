"""`minamata-kb report programme-note`: the capacity-building and technical assistance
programme note of a COP meeting (Sections I–V) and its compilation of submissions."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from minamata_kb.core.numbers import as_id
from minamata_kb.documents import services
from minamata_kb.documents.commands import NoteCommand
from minamata_kb.documents.meetings import Meeting, MeetingDocument
from minamata_kb.documents.models import Document


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


class Command(NoteCommand):
    help = (
        "Build the programme note of a COP meeting (Sections I-V, from a frozen snapshot of the "
        "meeting's data) and/or its compilation of submissions, in one of the six UN languages."
    )
    draft_help = "build even when record text is not translated, marking it [[lang? ...]]"

    def add_subject(self, parser: CommandParser) -> None:
        parser.add_argument("--meeting", default="latest", help="meeting id, or 'latest'")

    def add_options(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--internal", action="store_true",
            help="add the appendix tracing every paragraph to its records (not for issue)",
        )  # fmt: skip

    def subject(self, options: dict[str, Any]) -> MeetingDocument:
        return find_note(str(options["meeting"]))

    def generate(
        self, subject: MeetingDocument, kind: str, options: dict[str, Any]
    ) -> tuple[Document, bytes, dict[str, bytes]]:
        try:
            return services.generate_programme_note(
                None, subject, kind, options["lang"], options["format"],
                internal=options["internal"], draft=options["draft"],
            )  # fmt: skip
        except ValueError as exc:  # a note the meeting's data cannot make
            raise CommandError(str(exc)) from exc

    def label(self, subject: MeetingDocument) -> str:
        return str(subject.symbol)
