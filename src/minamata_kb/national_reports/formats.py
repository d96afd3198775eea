"""The reporting format as data: validate a questions file and replace a format version with it.

A questions file has one row per question: `version, part, number, article, short_report,
answer_type, choices, gap_answers, text_en ... text_ar, paraphrase`, and optionally `parent`
(the number of the question whose answer opens this one), `shown_when` (that question's answer
codes, `;` separated: "if yes, ...") and `replaces` (`VERSION:NUMBER`, or a bare number in the
current version: the earlier question whose answers carry over to this one). Every problem is
listed at once; nothing is written when any is found.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import transaction

from minamata_kb.audit.models import ChangeRecord
from minamata_kb.audit.services import record_change
from minamata_kb.core.actors import Actor
from minamata_kb.core.identifiers import check_identifier, identifier_message, is_identifier
from minamata_kb.core.importing import ImportRejected, ImportReport, RowError
from minamata_kb.core.languages import CONTENT_LANGUAGES
from minamata_kb.core.sanitize import plain_text
from minamata_kb.national_reports.models import Question, ReportingFormat, allowed_codes
from minamata_kb.national_reports.tabular import read_rows

REQUIRED = ["version", "part", "number", "answer_type", "text_en"]
PARTS = {"A", "B", "C", "D", "E"}
KNOWN_CODES = {"yes", "no", "partly", "not_applicable"}
TRUE = {"yes", "y", "true", "1", "*", "x"}
FALSE = {"", "no", "n", "false", "0"}
Err = Callable[[int, str, str], None]


def _split(value: str) -> list[str]:
    return [p.strip().lower() for p in (value or "").split(";") if p.strip()]


def _flag(value: str) -> bool | None:
    v = (value or "").strip().lower()
    if v in TRUE:
        return True
    if v in FALSE:
        return False
    return None


def _number(value: str, top: int) -> int | None:
    try:
        n = int((value or "").strip())
    except ValueError:
        return None
    return n if 1 <= n <= top else None


def _row_question(line: int, row: dict[str, str], err: Err) -> dict[str, Any]:
    """One row's question (its plain fields checked; links are checked per version)."""
    version = row.get("version", "").strip().lower()
    if not version:
        err(line, "version", "required")
    elif not is_identifier(version, 40):
        err(line, "version", identifier_message(version, 40))
    part = row.get("part", "").strip().upper()
    if part not in PARTS:
        err(line, "part", f"must be one of A-E, got {part!r}")
    number = _number(row.get("number", ""), 999)
    if number is None:
        err(line, "number", f"must be a whole number from 1 to 999, got {row.get('number')!r}")
    article = _number(row.get("article", ""), 40) if row.get("article", "").strip() else None
    if row.get("article", "").strip() and article is None:
        err(line, "article", f"must be an article number, got {row['article']!r}")
    short = _flag(row.get("short_report", ""))
    if short is None:
        err(line, "short_report", "must be yes or empty")
    answer_type = row.get("answer_type", "").strip().lower()
    if answer_type not in Question.AnswerType.values:
        err(line, "answer_type", f"must be one of {', '.join(sorted(Question.AnswerType.values))}")
    choices = _split(row.get("choices", ""))
    if answer_type == "choice" and not choices:
        err(line, "choices", "a choice question needs its choices (; separated)")
    unknown = [c for c in choices if c not in KNOWN_CODES]
    if unknown:
        err(line, "choices", f"unknown answer codes {unknown}; use {sorted(KNOWN_CODES)}")
    gap = _split(row.get("gap_answers", ""))
    if gap and answer_type in {"number", "text"}:
        err(line, "gap_answers", "only questions with fixed answers can have gap answers")
    texts = {f"text_{lang}": plain_text(row.get(f"text_{lang}", "")) for lang in CONTENT_LANGUAGES}
    if not texts["text_en"]:
        err(line, "text_en", "the English text is required")
    return {
        "version": version,
        "line": line,
        "part": part,
        "number": number,
        "article": article,
        "short_report": bool(short),
        "answer_type": answer_type,
        "choices": choices,
        "gap_answers": gap,
        "paraphrase": _flag(row.get("paraphrase", "yes") or "yes") is not False,
        **texts,
        **_row_links(line, row, err),
    }


def _row_links(line: int, row: dict[str, str], err: Err) -> dict[str, Any]:
    """The `parent`, `shown_when` and `replaces` columns as written (resolved later)."""
    parent: int | None = None
    if row.get("parent", "").strip():
        parent = _number(row["parent"].strip().lstrip("Qq"), 999)
        if parent is None:
            err(line, "parent", f"must be a question number, got {row['parent']!r}")
    replaces: tuple[str, int] | None = None
    raw = row.get("replaces", "").strip()
    if raw:
        old_version, _sep, old_number = raw.rpartition(":")
        n = _number(old_number.strip().lstrip("Qq"), 999)
        if n is None:
            err(line, "replaces", f"must be NUMBER or VERSION:NUMBER, got {raw!r}")
        else:
            replaces = (old_version.strip().lower(), n)
    return {"parent": parent, "shown_when": _split(row.get("shown_when", "")), "replaces": replaces}


def validate_format_rows(
    rows: list[tuple[int, dict[str, str]]], filename: str = ""
) -> tuple[dict[str, list[dict[str, Any]]], list[RowError]]:
    """Check every row; return the questions grouped by version and the errors."""
    errors: list[RowError] = []
    by_version: dict[str, list[dict[str, Any]]] = {}
    seen: dict[tuple[str, int], int] = {}

    def err(line: int, field: str, message: str) -> None:
        errors.append(RowError(line, field, message, filename))

    for line, row in rows:
        q = _row_question(line, row, err)
        version, number = q.pop("version"), q["number"]
        if version and number is not None:
            if (version, number) in seen:
                err(line, "number", f"duplicate of line {seen[(version, number)]}")
            seen[(version, number)] = line
        by_version.setdefault(version, []).append(q)
    for version, questions in by_version.items():
        if version and not any(q["short_report"] for q in questions):
            err(0, "short_report", f"format {version} marks no short-report question")
        if version:
            _check_conditions(questions, err)
            _check_replaces(version, questions, err)
    return by_version, errors


def _check_conditions(questions: list[dict[str, Any]], err: Err) -> None:
    """Parents exist in the same version, have fixed answers with those codes; no cycles."""
    numbers = {q["number"]: q for q in questions if q["number"] is not None}
    for q in questions:
        line, parent_no, codes = q["line"], q["parent"], q["shown_when"]
        if parent_no is None:
            if codes:
                err(line, "shown_when", "needs a parent: the question whose answer opens this one")
            continue
        parent = numbers.get(parent_no)
        if parent is None or parent_no == q["number"]:
            err(line, "parent", f"Q{parent_no} is not another question of this version")
            continue
        allowed = allowed_codes(parent["answer_type"], parent["choices"])
        if not allowed:
            err(line, "parent", f"Q{parent_no} has no fixed answers to depend on")
        elif not codes:
            err(line, "shown_when", f"required with a parent: which answers of Q{parent_no}")
        elif bad := [c for c in codes if c not in allowed]:
            err(line, "shown_when", f"Q{parent_no} cannot be answered {bad}; it allows {allowed}")
        if q["short_report"] and not parent["short_report"]:
            err(line, "parent", f"a short-report question's parent Q{parent_no} is not one")
        if chain := _circle(q, numbers):
            err(line, "parent", "circular: " + " -> ".join(f"Q{n}" for n in chain))


def _circle(q: dict[str, Any], numbers: dict[int, dict[str, Any]]) -> list[int]:
    """The parent chain from q back to q, or [] when it ends."""
    chain, current = [q["number"]], q
    while current["parent"] is not None and current["parent"] in numbers:
        current = numbers[current["parent"]]
        chain.append(current["number"])
        if current["number"] == q["number"]:
            return chain
        if len(chain) > len(numbers):
            return []
    return []


def _check_replaces(version: str, questions: list[dict[str, Any]], err: Err) -> None:
    """`replaces` names a question of an earlier, loaded version (bare number: the current one);
    each old question is replaced at most once."""
    current = ReportingFormat.objects.filter(is_current=True).exclude(version=version).first()
    known: dict[str, set[int]] = {}
    used: dict[tuple[str, int], int] = {}
    for q in questions:
        if q["replaces"] is None:
            continue
        old_version, number = q["replaces"]
        old_version = old_version or (current.version if current else "")
        if not old_version or old_version == version:
            err(q["line"], "replaces", "name the earlier version (VERSION:NUMBER)")
            continue
        if old_version not in known:
            known[old_version] = set(
                Question.objects.filter(format__version=old_version).values_list(
                    "number", flat=True
                )
            )
        if number not in known[old_version]:
            err(q["line"], "replaces", f"{old_version} has no question {number}")
        elif (old_version, number) in used:
            err(
                q["line"],
                "replaces",
                f"{old_version}:{number} is already replaced on line {used[(old_version, number)]}",
            )
        used[(old_version, number)] = q["line"]
        q["replaces"] = (old_version, number)


LINKS = ("line", "number", "parent", "replaces")


def _plain(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in LINKS}


def _links_of(q: Question) -> tuple[Any, Any]:
    old = q.replaces
    return (
        q.parent.number if q.parent else None,
        (old.format.version, old.number) if old else None,
    )


def replace_format(
    version: str, questions: list[dict[str, Any]], *, actor: Actor = None, dry_run: bool = False
) -> tuple[str, ImportReport]:
    """Create or update one format version's questions, with their conditions and the questions
    they replace; questions no longer listed are removed (the import refuses a file that would
    drop an answered one)."""
    check_identifier(version, 40, field="version")  # whoever calls: no bad id is written
    report = ImportReport(dry_run=dry_run)
    fmt = ReportingFormat.objects.filter(version=version).first()
    existing = (
        {q.number: q for q in fmt.questions.select_related("parent", "replaces__format")}
        if fmt
        else {}
    )
    for data in questions:
        key = f"{version} Q{data['number']}"
        old = existing.get(data["number"])
        if old is None:
            report.created.append(key)
        elif any(getattr(old, k) != v for k, v in _plain(data).items()) or _links_of(old) != (
            data["parent"],
            data["replaces"],
        ):
            report.updated.append(key)
        else:
            report.unchanged.append(key)
    if dry_run:
        return version, report
    if fmt is None:
        fmt = ReportingFormat.objects.create(version=version, name=version)
        record_change(actor, ChangeRecord.Action.CREATE, fmt, None, {"version": version})
    _write_questions(fmt, questions, existing)
    if report.created or report.updated:
        record_change(
            actor,
            ChangeRecord.Action.IMPORT,
            fmt,
            None,
            {
                "questions": len(questions),
                "created": report.created,
                "updated": report.updated,
                "paraphrases": sum(1 for q in questions if q["paraphrase"]),
                "replaces": fmt.replaces.version if fmt.replaces else None,
            },
        )
    return version, report


def _write_questions(
    fmt: ReportingFormat, questions: list[dict[str, Any]], existing: dict[int, Question]
) -> None:
    keep = {q["number"] for q in questions}
    Question.objects.filter(format=fmt).exclude(number__in=keep).filter(
        answers__isnull=True
    ).delete()
    saved = {
        data["number"]: Question.objects.update_or_create(
            format=fmt, number=data["number"], defaults=_plain(data)
        )[0]
        for data in questions
    }
    olds = {(v, n) for v, n in (q["replaces"] for q in questions if q["replaces"])}
    old_qs = {
        (q.format.version, q.number): q
        for q in Question.objects.filter(format__version__in={v for v, _ in olds}).select_related(
            "format"
        )
        if (q.format.version, q.number) in olds
    }
    for data in questions:
        q = saved[data["number"]]
        q.parent = saved.get(data["parent"]) if data["parent"] else None
        q.replaces = old_qs.get(data["replaces"]) if data["replaces"] else None
        q.save(update_fields=["parent", "replaces"])
    previous = next(iter(old_qs.values()), None)
    if previous is not None and fmt.replaces_id != previous.format_id:
        fmt.replaces = previous.format
        fmt.save(update_fields=["replaces"])


def _dropped_answered(by_version: dict[str, list[dict[str, Any]]], filename: str) -> list[RowError]:
    """Answered questions a file would drop from their version (answers must not be orphaned)."""
    errors = []
    for version, questions in by_version.items():
        keep = {q["number"] for q in questions}
        dropped = (
            Question.objects.filter(format__version=version, answers__isnull=False)
            .exclude(number__in=keep)
            .values_list("number", flat=True)
            .distinct()
        )
        errors += [
            RowError(
                0,
                "number",
                f"{version} Q{n} has answers and is missing from the file; keep it, or import "
                "the new wording as a new version whose questions name it in `replaces`",
                filename,
            )
            for n in sorted(dropped)
        ]
    return errors


def import_reporting_format(
    path: Path, *, actor: Actor = None, dry_run: bool = False
) -> ImportReport:
    """Validate a questions file and replace the format versions it contains (all or nothing)."""
    rows = read_rows(path, REQUIRED)
    by_version, errors = validate_format_rows(rows, str(path))
    if not rows:
        errors.append(RowError(0, "", "the file has no questions", str(path)))
    errors += _dropped_answered(by_version, str(path))
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
