"""`minamata-kb report submissions`: the note on submissions or the compilation annex."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from minamata_kb.core.numbers import as_id
from minamata_kb.documents import services
from minamata_kb.documents.commands import NoteCommand
from minamata_kb.documents.models import Document
from minamata_kb.submissions.models import Call


class Command(NoteCommand):
    help = (
        "Build the note on submissions (or the compilation annex) of a call from a frozen "
        "snapshot of its confirmed data, in one of the six UN languages, as DOCX, PDF or Markdown."
    )
    draft_help = "build even when the call's title or meeting is not translated (marked)"

    def add_subject(self, parser: CommandParser) -> None:
        parser.add_argument("--call", default="latest", help="call id, or 'latest'")

    def subject(self, options: dict[str, Any]) -> Call:
        ref = str(options["call"])
        if ref == "latest":
            call = (
                Call.objects.exclude(status=Call.Status.DRAFT)
                .order_by("-letter_date", "-id")
                .first()
            )
            call = call or Call.objects.order_by("-id").first()
        elif (pk := as_id(ref)) is not None:
            call = Call.objects.filter(pk=pk).first()
        else:
            raise CommandError(f"--call must be a number or 'latest', not {ref!r}")
        if call is None:
            raise CommandError(f"no call {ref!r}")
        return call

    def generate(
        self, subject: Call, kind: str, options: dict[str, Any]
    ) -> tuple[Document, bytes, dict[str, bytes]]:
        return services.generate(
            None, subject, kind, options["lang"], options["format"], draft=options["draft"]
        )

    def label(self, subject: Call) -> str:
        return f"call {subject.pk}"
