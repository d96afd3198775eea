"""`minamata-kb report submissions`: the note on submissions or the compilation annex."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from minamata_kb.core.numbers import as_id
from minamata_kb.documents import services
from minamata_kb.documents.meetings import MissingTranslations
from minamata_kb.documents.texts import LANGS
from minamata_kb.publishing import render
from minamata_kb.submissions.models import Call


class Command(BaseCommand):
    help = (
        "Build the note on submissions (or the compilation annex) of a call from a frozen "
        "snapshot of its confirmed data, in one of the six UN languages, as DOCX, PDF or Markdown."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--call", default="latest", help="call id, or 'latest'")
        parser.add_argument("--lang", default="en", choices=LANGS)
        parser.add_argument("--format", default="docx", choices=services.FORMATS)
        parser.add_argument(
            "--kind",
            default="note",
            choices=[*services.KINDS, "all"],
            help="note, annex, or all (the annex goes to FILE-annex.EXT)",
        )
        parser.add_argument(
            "--draft",
            action="store_true",
            help="build even when the call's title or meeting is not translated (marked)",
        )
        parser.add_argument("-o", "--output", required=True, help="file to write")

    def handle(self, *args: Any, **options: Any) -> None:
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
        out = Path(options["output"])
        kinds = list(services.KINDS) if options["kind"] == "all" else [options["kind"]]
        for kind in kinds:
            target = out if kind == kinds[0] else out.with_name(f"{out.stem}-annex{out.suffix}")
            try:
                doc, data, images = services.generate(
                    None, call, kind, options["lang"], options["format"], draft=options["draft"]
                )
            except MissingTranslations as exc:
                raise CommandError(str(exc)) from exc
            render.write_edition(target, data, images)
            self.stderr.write(
                f"{kind} of call {call.pk} ({options['lang']}, {options['format']}) -> {target} "
                f"[snapshot SNAP-{doc.snapshot_id}, sha256 {doc.sha256[:12]}]"
            )
