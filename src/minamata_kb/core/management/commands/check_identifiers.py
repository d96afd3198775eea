"""`minamata-kb check-identifiers`: list rows whose identifier is outside the alphabet."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from minamata_kb.core.identifiers import bad_identifiers, identifier_fields


class Command(BaseCommand):
    help = (
        "List every row whose identifier (resource id, activity or event code, organisation "
        "or technology slug, cycle code...) is outside the identifier alphabet (letters, "
        "digits, '-' and '_', starting with a letter or digit), one per line as "
        "'app.Model pk field value'; exit 1 if there is any. Such rows predate the rule; "
        "pages keep working, and an administrator deletes or renames them in /admin/."
    )
    exit_code = 0

    def handle(self, *args: Any, **options: Any) -> None:
        bad = bad_identifiers()
        for label, pk, field, value in bad:
            self.stdout.write(f"{label}\t{pk}\t{field}\t{value!r}")
        checked = len(identifier_fields())
        self.stderr.write(f"{len(bad)} bad identifier(s) in {checked} identifier columns")
        if bad:
            self.exit_code = 1
