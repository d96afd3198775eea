"""`minamata-kb export activities --format csv|xlsx|iati [-o FILE] [--check]`.

`--check` (IATI only) runs the Standard Ruleset checks (activities/iati/rules.py) on the file
written, prints every finding on stderr and fails when any is an error.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import CommandError, CommandParser

from minamata_kb.activities.exporting import export, export_queryset, iati_schema
from minamata_kb.activities.iati import rules
from minamata_kb.activities.iati.export import build
from minamata_kb.core.commands import ExportCommand


class Command(ExportCommand):
    help = "Export every activity, ordered by code, as CSV, XLSX or IATI 2.03 XML."
    formats = ("csv", "xlsx", "iati")

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--check",
            action="store_true",
            help="IATI only: check the file against the IATI 2.03 schema and Standard Ruleset",
        )

    def export(self, options: dict[str, Any]) -> bytes:
        if options["check"] and options["format"] != "iati":
            raise CommandError("--check applies to --format iati only")
        if options["output"] is None and options["format"] == "xlsx" and sys.stdout.isatty():
            raise CommandError("XLSX is binary: give -o FILE")
        if options["format"] == "iati":
            return self._iati(options["check"])
        return export(options["format"])

    def _iati(self, check: bool) -> bytes:
        from lxml import etree

        result = build(export_queryset())
        for code, reason in result.left_out:
            self.stderr.write(f"left out {code}: {reason}")
        if not check:
            return result.xml
        doc = etree.fromstring(result.xml)
        schema = iati_schema()
        schema_ok = schema.validate(doc)
        for entry in schema.error_log:
            self.stderr.write(f"schema line {entry.line}: {entry.message}")
        findings = rules.check(doc)
        for finding in findings:
            self.stderr.write(str(finding))
        n_err = len(rules.errors(findings))
        self.stderr.write(
            f"IATI check: {len(doc.findall('iati-activity'))} activities, schema "
            f"{'valid' if schema_ok else 'INVALID'}, {n_err} errors, "
            f"{len(findings) - n_err} warnings, {len(result.left_out)} left out"
        )
        if not schema_ok or n_err:
            raise CommandError("the IATI file fails the checks (see above)")
        return result.xml
