"""Import national reports: one row per party and question, from CSV, XLSX or JSON.

Columns: `party` (ISO3, or EUU), `cycle` (code), `question` (number, `Q12` accepted),
`answer`, `comment`. Every problem in the file is reported at once, by row and column;
nothing is written when any is found. Imported reports are recorded as submitted (the
secretariat imports what parties sent); they are published only with `publish=True`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TypeVar

from django.db import transaction
from django.utils import timezone

from minamata_kb.audit.models import ChangeRecord
from minamata_kb.audit.services import record_change
from minamata_kb.core.actors import Actor
from minamata_kb.core.importing import ImportRejected, ImportReport, RowError
from minamata_kb.core.sanitize import plain_text
from minamata_kb.national_reports.analysis import clear_cache
from minamata_kb.national_reports.conditions import skipped_answers, skipped_error
from minamata_kb.national_reports.models import Answer, Cycle, NationalReport, Question
from minamata_kb.national_reports.services import MAX_TEXT, normalise_answer, save_answers
from minamata_kb.national_reports.tabular import read_rows
from minamata_kb.registry.models import Party

REQUIRED = ["party", "cycle", "question", "answer"]
_QNUM = re.compile(r"^\s*(?:q(?:uestion)?\s*)?0*(\d{1,3})\s*$", re.I)


_Ref = TypeVar("_Ref")
Parsed = dict[tuple[int, int], dict[int, tuple[str, str, str]]]


def _parse_rows(
    rows: list[tuple[int, dict[str, str]]],
    filename: str,
    lines: dict[tuple[int, int, int], int] | None = None,
) -> tuple[Parsed, list[RowError]]:
    """Validate rows; return {(party_id, cycle_id): {question_id: (value, text, comment)}}
    (and fill `lines`: the file line of each (party_id, cycle_id, question_id))."""
    errors: list[RowError] = []
    parties = {p.code: p for p in Party.objects.all()}
    cycles = {c.code: c for c in Cycle.objects.select_related("format")}
    known_cycles = f"; known: {', '.join(sorted(cycles))}"
    questions: dict[int, dict[int, Question]] = {}
    for q in Question.objects.all():
        questions.setdefault(q.format_id, {})[q.number] = q
    seen: dict[tuple[str, str, int], int] = {}
    out: dict[tuple[int, int], dict[int, tuple[str, str, str]]] = {}

    def err(line: int, field: str, message: str) -> None:
        errors.append(RowError(line, field, message, filename))

    def named(line: int, field: str, key: str, table: dict[str, _Ref], hint: str) -> _Ref | None:
        """The row of `table` that column `field` names by `key`; None (the error said) if none."""
        if not key:
            err(line, field, "required")
            return None
        found = table.get(key)
        if found is None:
            err(line, field, f"unknown {field} {key!r}{hint}")
        return found

    for line, row in rows:
        code = row.get("party", "").strip().upper()
        party = named(line, "party", code, parties, " (use the ISO3 code, EUU for the EU)")
        cycle_code = row.get("cycle", "").strip().lower()
        cycle = named(line, "cycle", cycle_code, cycles, known_cycles)
        if party is not None and cycle is not None and not cycle.includes_party(party):
            err(
                line,
                "party",
                f"{code} was not a party in cycle {cycle.code} "
                f"(entry into force {party.entry_into_force}, period ends {cycle.period_end})",
            )
        match = _QNUM.match(row.get("question", ""))
        question: Question | None = None
        if not match:
            err(line, "question", f"not a question number: {row.get('question', '')!r}")
        elif cycle is not None:
            number = int(match.group(1))
            question = questions.get(cycle.format_id, {}).get(number)
            if question is None:
                err(line, "question", f"unknown question {number} in format {cycle.format}")
                question = None
            elif cycle.kind == Cycle.Kind.SHORT and not question.short_report:
                err(line, "question", f"Q{number} is not a short-report question")
                question = None
        if match and code and cycle_code:
            key = (code, cycle_code, int(match.group(1)))
            if key in seen:
                err(line, "question", f"duplicate: row {seen[key]} already answers this question")
            else:
                seen[key] = line
        value = text = ""
        if question is not None:
            value, text, error = normalise_answer(question, row.get("answer", ""))
            if error:
                err(line, "answer", error)
        comment = plain_text(row.get("comment", ""))
        if len(comment) > MAX_TEXT:
            err(line, "comment", f"longer than {MAX_TEXT} characters")
        if party is not None and cycle is not None and question is not None:
            out.setdefault((party.pk, cycle.pk), {})[question.pk] = (value, text, comment)
            if lines is not None:
                lines[(party.pk, cycle.pk, question.pk)] = line
    return out, errors


def _skipped(data: Parsed, lines: dict[tuple[int, int, int], int], filename: str) -> list[RowError]:
    """Answers to questions that the report's own answers skip (saved answers not in the file
    count too, as the file only replaces the answers it lists)."""
    errors: list[RowError] = []
    cycles = Cycle.objects.select_related("format").in_bulk({k[1] for k in data})
    saved: dict[tuple[int, int], dict[int, tuple[str, str, str]]] = {}
    for a in Answer.objects.filter(
        report__party_id__in={k[0] for k in data}, report__cycle_id__in=list(cycles)
    ).values_list(
        "report__party_id", "report__cycle_id", "question_id", "value", "text", "comment"
    ):
        saved.setdefault((a[0], a[1]), {})[a[2]] = (a[3], a[4], a[5])
    for key, answers in data.items():
        questions = list(cycles[key[1]].questions())
        by_id = {q.pk: q for q in questions}
        merged = {**saved.get(key, {}), **answers}
        numbered = {by_id[qid].number: a for qid, a in merged.items() if qid in by_id}
        for q in skipped_answers(questions, numbered):
            line = lines.get((key[0], key[1], q.pk), 0)
            where = "" if line else " (an answer saved earlier)"
            errors.append(RowError(line, "answer", skipped_error(q) + where, filename))
    return errors


def import_national_reports(
    path: Path, *, actor: Actor = None, dry_run: bool = False, publish: bool = False
) -> ImportReport:
    """Validate the whole file, then write every report in it in one transaction."""
    rows = read_rows(path, REQUIRED)
    if not rows:
        raise ImportRejected([RowError(0, "", "the file has no rows", str(path))])
    lines: dict[tuple[int, int, int], int] = {}
    data, errors = _parse_rows(rows, str(path), lines)
    errors += _skipped(data, lines, str(path))
    if errors:
        raise ImportRejected(errors)
    report = ImportReport(dry_run=dry_run)
    existing = {
        (r.party_id, r.cycle_id): r
        for r in NationalReport.objects.select_related("party", "cycle").filter(
            party_id__in={k[0] for k in data}, cycle_id__in={k[1] for k in data}
        )
    }
    codes = dict(Party.objects.values_list("pk", "code"))
    cycle_codes = dict(Cycle.objects.values_list("pk", "code"))
    for key in data:
        label = f"{codes[key[0]]} {cycle_codes[key[1]]}"
        (report.updated if key in existing else report.created).append(label)
    if dry_run:
        return report
    now = timezone.now()
    party_objs = Party.objects.in_bulk({k[0] for k in data})
    cycle_objs = Cycle.objects.in_bulk({k[1] for k in data})
    with transaction.atomic():
        new_answers: list[Answer] = []
        for (party_id, cycle_id), answers in data.items():
            nr = existing.get((party_id, cycle_id))
            if nr is None:
                nr = NationalReport.objects.create(
                    party=party_objs[party_id],
                    cycle=cycle_objs[cycle_id],
                    status=NationalReport.Status.SUBMITTED,
                    submitted_at=now,
                    source="import",
                    published=publish,
                    answered_format=cycle_objs[cycle_id].format,
                )
                action = ChangeRecord.Action.IMPORT
            else:
                nr.status = NationalReport.Status.SUBMITTED
                nr.submitted_at = nr.submitted_at or now
                nr.source = "import"
                nr.published = nr.published or publish
                nr.save()
                Answer.objects.filter(report=nr, question_id__in=list(answers)).delete()
                action = ChangeRecord.Action.REIMPORT
            new_answers += [
                Answer(report=nr, question_id=qid, value=v, text=t, comment=c)
                for qid, (v, t, c) in answers.items()
                if v or t or c
            ]
            record_change(actor, action, nr, None, {"answers": len(answers), "file": path.name})
        Answer.objects.bulk_create(new_answers, batch_size=1000)

    clear_cache()
    return report


def answers_from_file(actor: Actor, report: NationalReport, path: Path) -> list[RowError]:
    """Fill a draft from a filled offline template; returns the errors (nothing saved then)."""
    try:
        rows = read_rows(path, ["question", "answer"])
    except ImportRejected as exc:
        return exc.errors
    errors: list[RowError] = []
    data: dict[int, tuple[str, str]] = {}
    lines: dict[int, int] = {}
    for line, row in rows:
        party = row.get("party", "").strip().upper()
        if party and party != report.party.code:
            errors.append(RowError(line, "party", f"{party} is not this report's party"))
        cycle = row.get("cycle", "").strip().lower()
        if cycle and cycle != report.cycle.code:
            errors.append(RowError(line, "cycle", f"{cycle} is not this report's cycle"))
        match = _QNUM.match(row.get("question", ""))
        if not match:
            errors.append(RowError(line, "question", "not a question number"))
            continue
        number = int(match.group(1))
        if number in data:
            errors.append(RowError(line, "question", f"duplicate of row {lines[number]}"))
            continue
        data[number] = (row.get("answer", ""), row.get("comment", ""))
        lines[number] = line
    if errors:
        return errors
    problems = save_answers(actor, report, data)
    return [RowError(lines.get(n, 0), "answer", msg) for n, msg in sorted(problems.items())]
