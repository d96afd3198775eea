"""The reporting format as data: validate a questions file and replace a format version with it.

A questions file has one row per question: `version, part, number, article, short_report,
answer_type, choices, gap_answers, text_en ... text_ar, paraphrase`. Every problem is listed at
once; nothing is written when any is found.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction

from minamata_kb.audit.models import ChangeRecord
from minamata_kb.audit.services import record_change
from minamata_kb.core.identifiers import check_identifier, identifier_message, is_identifier
from minamata_kb.core.importing import ImportRejected, ImportReport, RowError
from minamata_kb.core.sanitize import plain_text
from minamata_kb.national_reports.models import Question, ReportingFormat
from minamata_kb.national_reports.tabular import read_rows

LANGS = ("en", "fr", "es", "ru", "zh", "ar")
REQUIRED = ["version", "part", "number", "answer_type", "text_en"]
PARTS = {"A", "B", "C", "D", "E"}
KNOWN_CODES = {"yes", "no", "partly", "not_applicable"}
TRUE = {"yes", "y", "true", "1", "*", "x"}
FALSE = {"", "no", "n", "false", "0"}


def _split(value: str) -> list[str]:
    return [p.strip().lower() for p in (value or "").split(";") if p.strip()]


def _flag(value: str) -> bool | None:
    v = (value or "").strip().lower()
    if v in TRUE:
        return True
    if v in FALSE:
        return False
    return None


def validate_format_rows(
    rows: list[tuple[int, dict[str, str]]], filename: str = ""
) -> tuple[dict[str, list[dict[str, Any]]], list[RowError]]:
    """Check every row; return the questions grouped by version and the errors."""
    errors: list[RowError] = []
    by_version: dict[str, list[dict[str, Any]]] = {}
    seen: dict[tuple[str, int], int] = {}

    def err(line: int, field: str, message: str) -> None:
        errors.append(RowError(line, field, message, filename))

    types = set(Question.AnswerType.values)
    for line, row in rows:
        version = row.get("version", "").strip().lower()
        if not version:
            err(line, "version", "required")
        elif not is_identifier(version, 40):
            err(line, "version", identifier_message(version, 40))
        part = row.get("part", "").strip().upper()
        if part not in PARTS:
            err(line, "part", f"must be one of A-E, got {part!r}")
        number: int | None = None
        try:
            number = int(row.get("number", ""))
            if not 1 <= number <= 999:
                raise ValueError
        except ValueError:
            err(line, "number", f"must be a whole number from 1 to 999, got {row.get('number')!r}")
        article: int | None = None
        if row.get("article", "").strip():
            try:
                article = int(row["article"])
                if not 1 <= article <= 40:
                    raise ValueError
            except ValueError:
                err(line, "article", f"must be an article number, got {row['article']!r}")
        short = _flag(row.get("short_report", ""))
        if short is None:
            err(line, "short_report", "must be yes or empty")
        answer_type = row.get("answer_type", "").strip().lower()
        if answer_type not in types:
            err(line, "answer_type", f"must be one of {', '.join(sorted(types))}")
        choices = _split(row.get("choices", ""))
        if answer_type == "choice" and not choices:
            err(line, "choices", "a choice question needs its choices (; separated)")
        unknown = [c for c in choices if c not in KNOWN_CODES]
        if unknown:
            err(line, "choices", f"unknown answer codes {unknown}; use {sorted(KNOWN_CODES)}")
        gap = _split(row.get("gap_answers", ""))
        if gap and answer_type in {"number", "text"}:
            err(line, "gap_answers", "only questions with fixed answers can have gap answers")
        texts = {f"text_{lang}": plain_text(row.get(f"text_{lang}", "")) for lang in LANGS}
        if not texts["text_en"]:
            err(line, "text_en", "the English text is required")
        paraphrase = _flag(row.get("paraphrase", "yes") or "yes")
        if version and number is not None:
            if (version, number) in seen:
                err(line, "number", f"duplicate of line {seen[(version, number)]}")
            seen[(version, number)] = line
        by_version.setdefault(version, []).append(
            {
                "part": part,
                "number": number,
                "article": article,
                "short_report": bool(short),
                "answer_type": answer_type,
                "choices": choices,
                "gap_answers": gap,
                "paraphrase": paraphrase is not False,
                **texts,
            }
        )
    for version, questions in by_version.items():
        if version and not any(q["short_report"] for q in questions):
            err(0, "short_report", f"format {version} marks no short-report question")
    return by_version, errors


def replace_format(
    version: str, questions: list[dict[str, Any]], *, actor: Any = None, dry_run: bool = False
) -> tuple[str, ImportReport]:
    """Create or update one format version's questions; questions no longer listed are removed
    when no answer uses them."""
    check_identifier(version, 40, field="version")  # whoever calls: no bad id is written
    report = ImportReport(dry_run=dry_run)
    fmt = ReportingFormat.objects.filter(version=version).first()
    existing = {q.number: q for q in fmt.questions.all()} if fmt else {}
    for data in questions:
        key = f"{version} Q{data['number']}"
        old = existing.get(data["number"])
        if old is None:
            report.created.append(key)
        elif any(getattr(old, k) != v for k, v in data.items()):
            report.updated.append(key)
        else:
            report.unchanged.append(key)
    if dry_run:
        return version, report
    if fmt is None:
        fmt = ReportingFormat.objects.create(version=version, name=version)
        record_change(actor, ChangeRecord.Action.CREATE, fmt, None, {"version": version})
    keep = {q["number"] for q in questions}
    for number, q in existing.items():
        if number not in keep and not q.answers.exists():
            q.delete()
    for data in questions:
        Question.objects.update_or_create(
            format=fmt,
            number=data["number"],
            defaults={k: v for k, v in data.items() if k != "number"},
        )
    if report.created or report.updated:
        record_change(
            actor,
            ChangeRecord.Action.IMPORT,
            fmt,
            None,
            {"questions": len(questions), "created": report.created, "updated": report.updated},
        )
    return version, report


def import_reporting_format(
    path: Path, *, actor: Any = None, dry_run: bool = False
) -> ImportReport:
    """Validate a questions file and replace the format versions it contains (all or nothing)."""
    rows = read_rows(path, REQUIRED)
    by_version, errors = validate_format_rows(rows, str(path))
    if not rows:
        errors.append(RowError(0, "", "the file has no questions", str(path)))
    if errors:
        raise ImportRejected(errors)
    total = ImportReport(dry_run=dry_run)
    with transaction.atomic():
        for version, questions in by_version.items():
            _, rep = replace_format(version, questions, actor=actor, dry_run=dry_run)
            total.created += rep.created
            total.updated += rep.updated
            total.unchanged += rep.unchanged
    return total
