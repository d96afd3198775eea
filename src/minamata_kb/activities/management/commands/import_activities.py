"""`minamata-kb import activities FILE.csv|FILE.xlsx [--dry-run]`."""

from minamata_kb.activities.importing import import_activities
from minamata_kb.core.commands import ImportCommand


class Command(ImportCommand):
    help = (
        "Upsert activities from CSV or XLSX (key: code). Every error is listed by line and "
        "column; any error rejects the whole file."
    )
    importer = staticmethod(import_activities)
