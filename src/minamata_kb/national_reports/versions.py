"""Move a cycle to another version of the reporting format, carrying answers over.

A question of the new version that names an earlier question in `replaces` takes over that
question's answers; answers to earlier questions that nothing replaces stay where they are (they
remain readable, attached to the version they were given in). Each report keeps the version its
party answered in `answered_format`; drafts move on to the new version. All or nothing.
"""

from __future__ import annotations

from django.db import transaction

from minamata_kb.accounts.permissions import require_secretariat
from minamata_kb.audit.models import ChangeRecord
from minamata_kb.audit.services import record_change
from minamata_kb.core.actors import Actor
from minamata_kb.core.importing import ImportRejected, ImportReport, RowError
from minamata_kb.national_reports.analysis import clear_cache
from minamata_kb.national_reports.models import (
    Answer,
    Cycle,
    NationalReport,
    Question,
    ReportingFormat,
)


def _successors(old: ReportingFormat, new: ReportingFormat) -> dict[int, Question]:
    """New questions by the pk of the old question they replace."""
    return {
        q.replaces_id: q
        for q in new.questions.filter(replaces__format=old)
        if q.replaces_id is not None
    }


def _mapped(cycle: Cycle, successors: dict[int, Question]) -> tuple[list[Answer], list[RowError]]:
    moved: list[Answer] = []
    errors: list[RowError] = []
    answers = Answer.objects.filter(report__cycle=cycle, question_id__in=list(successors))
    for a in answers.select_related("question", "report__party"):
        new = successors[a.question_id]
        if a.value and new.allowed and a.value not in new.allowed:
            errors.append(
                RowError(
                    0,
                    "answer",
                    f"{a.report.party.code}: the answer {a.value!r} to Q{a.question.number} is "
                    f"not an answer of Q{new.number} that replaces it ({', '.join(new.allowed)})",
                )
            )
        a.question = new
        moved.append(a)
    return moved, errors


def apply_format(
    actor: Actor, cycle: Cycle, fmt: ReportingFormat, *, dry_run: bool = False
) -> ImportReport:
    """Switch `cycle` to `fmt` and map its reports' answers (actor None: the CLI)."""
    if actor is not None:
        require_secretariat(actor)
    report = ImportReport(dry_run=dry_run)
    old = cycle.format
    if old.pk == fmt.pk:
        report.unchanged.append(cycle.code)
        return report
    moved, errors = _mapped(cycle, _successors(old, fmt))
    if errors:
        raise ImportRejected(errors)
    report.updated += sorted({f"{a.report.party.code} {cycle.code}" for a in moved})
    if dry_run:
        return report
    with transaction.atomic():
        Answer.objects.bulk_update(moved, ["question"])
        NationalReport.objects.filter(cycle=cycle, status=NationalReport.Status.DRAFT).update(
            answered_format=fmt
        )
        cycle.format = fmt
        cycle.save(update_fields=["format"])
        record_change(
            actor,
            ChangeRecord.Action.UPDATE,
            cycle,
            {"format": old.version},
            {"format": fmt.version, "answers_mapped": len(moved)},
        )

    clear_cache()
    return report
