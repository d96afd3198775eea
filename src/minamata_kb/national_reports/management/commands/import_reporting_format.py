"""`minamata-kb import reporting-format FILE [--dry-run]`."""

from minamata_kb.core.commands import ImportCommand
from minamata_kb.national_reports.formats import import_reporting_format


class Command(ImportCommand):
    help = (
        "Replace a version of the Article 21 reporting format from a questions file "
        "(CSV, XLSX or JSON); any bad row rejects the file whole."
    )
    importer = staticmethod(import_reporting_format)
