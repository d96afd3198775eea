"""`minamata-kb export work-programme [--biennium B] [--format csv|json] [--scope public|all]
[-o FILE]`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from minamata_kb.activities.workprogramme import export_work_programme
from minamata_kb.core.commands import ExportCommand


class Command(ExportCommand):
    help = "Export the work programme: items, budget lines, planned against delivered."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--biennium", default="")
        super().add_arguments(parser)
        parser.add_argument(
            "--scope",
            choices=["public", "all"],
            default="public",
            help="public (default): only published activities and events are named; "
            "all: every linked one (for the secretariat's own use)",
        )

    def export(self, options: dict[str, Any]) -> bytes:
        return export_work_programme(
            options["format"], options["biennium"], everything=options["scope"] == "all"
        )
