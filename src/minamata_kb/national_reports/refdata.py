"""Load the shipped reporting format and cycles (data/national_reports/, see SOURCES.md)."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from django.conf import settings
from django.db import transaction

from minamata_kb.audit.upsert import upsert
from minamata_kb.core.importing import ImportRejected, RowError, parse_date, read_csv_rows
from minamata_kb.core.languages import CONTENT_LANGUAGES
from minamata_kb.national_reports.formats import replace_format, validate_format_rows
from minamata_kb.national_reports.models import Cycle, Part, ReportingFormat


def data_dir() -> Path:
    """Folder of the national-reports reference files."""
    return Path(settings.DATA_DIR) / "national_reports"


def load_formats(folder: Path) -> int:
    """Format versions, their parts and questions; returns questions created or changed."""
    changed = 0
    for _, row in read_csv_rows(folder / "formats.csv", ["version", "name"]):
        upsert(
            ReportingFormat,
            {"version": row["version"]},
            {
                "name": row["name"],
                "decision": row.get("decision", ""),
                "adopted": parse_date(row.get("adopted", "")),
                "is_current": row.get("current", "").lower() == "yes",
                "note": row.get("note", ""),
            },
            audit=False,
        )
    for path in sorted(folder.glob("format_*.csv")):
        rows = read_csv_rows(path, ["version", "part", "number", "answer_type", "text_en"])
        by_version, errors = validate_format_rows(rows, str(path))
        if errors:
            raise ImportRejected(errors)
        for version, questions in by_version.items():
            _, report = replace_format(version, questions)
            changed += len(report.created) + len(report.updated)
    for _, row in read_csv_rows(folder / "parts.csv", ["version", "part", "title_en"]):
        fmt = ReportingFormat.objects.filter(version=row["version"]).first()
        if fmt is None:
            raise ImportRejected(
                [RowError(0, "version", f"unknown format {row['version']}", "parts.csv")]
            )
        upsert(
            Part,
            {"format": fmt, "code": row["part"]},
            {f"title_{lang}": row.get(f"title_{lang}", "") for lang in CONTENT_LANGUAGES},
            audit=False,
        )
    return changed


def load_cycles(folder: Path) -> int:
    """Reporting cycles; returns rows created or changed."""
    changed = 0
    required = ["code", "kind", "format", "period_start", "period_end", "deadline"]
    for line, row in read_csv_rows(folder / "cycles.csv", required):
        fmt = ReportingFormat.objects.filter(version=row["format"]).first()
        if fmt is None or row["kind"] not in Cycle.Kind.values:
            raise ImportRejected([RowError(line, "format", "unknown format or kind", "cycles.csv")])
        _, outcome = upsert(
            Cycle,
            {"code": row["code"]},
            {
                "kind": row["kind"],
                "format": fmt,
                "title": row.get("title", "") or row["code"],
                "period_start": parse_date(row["period_start"]),
                "period_end": parse_date(row["period_end"]),
                "deadline": parse_date(row["deadline"]),
                "note": row.get("note", ""),
            },
            audit=False,
        )
        changed += outcome != "unchanged"
    return changed


def load(stdout: TextIO | None = None) -> None:
    """Load format and cycles (idempotent)."""
    folder = data_dir()
    if not (folder / "formats.csv").is_file():
        return
    with transaction.atomic():
        questions = load_formats(folder)
        cycles = load_cycles(folder)
    if stdout is not None:
        stdout.write(
            f"national reports: format {questions} question(s) changed, {cycles} cycle(s) changed\n"
        )
