"""`minamata-kb import iati FILE.xml [--dry-run]`: another publisher's IATI 2.03 activities."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError

from minamata_kb.activities.iati.importing import IatiImportError, import_iati
from minamata_kb.core.commands import FileCommand


class Command(FileCommand):
    help = (
        "Upsert the activities of an IATI 2.03 activity file by IATI identifier (as drafts) and "
        "list the likely duplicates of existing activities."
    )
    dry_run_help = "check and report, write nothing"

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = import_iati(options["file"], dry_run=options["dry_run"])
        except IatiImportError as exc:
            raise CommandError(f"{options['file']}: {exc}") from None
        verb = "would create" if report.dry_run else "created"
        self.stdout.write(f"{verb} {len(report.created)}: {', '.join(report.created) or '-'}")
        verb = "would update" if report.dry_run else "updated"
        self.stdout.write(f"{verb} {len(report.updated)}: {', '.join(report.updated) or '-'}")
        for problem in report.problems:
            self.stdout.write(f"note: {problem}")
        for mine, other, sim in report.duplicates:
            self.stdout.write(f"likely duplicate: {mine} ~ {other} (similarity {sim:.2f})")
        for code in report.unchecked:
            self.stdout.write(f"not checked for duplicates (provider not in the registry): {code}")
