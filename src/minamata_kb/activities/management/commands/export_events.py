"""`minamata-kb export events [--format csv|json] [-o FILE]`: events with attendance."""

from __future__ import annotations

from typing import Any

from minamata_kb.activities.selectors import export_events
from minamata_kb.core.commands import ExportCommand


class Command(ExportCommand):
    help = "Export events with participants by gender (stable order: by code)."

    def export(self, options: dict[str, Any]) -> bytes:
        return export_events(options["format"])
