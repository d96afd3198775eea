"""Writes of the national_reports app: drafts, submission, publication, imports.

Every write checks the acting user through `accounts.permissions`, runs in one transaction
and leaves an audit record.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from minamata_kb.accounts.permissions import can_act_for_party, is_secretariat, require_secretariat
from minamata_kb.audit.models import ChangeRecord
from minamata_kb.audit.services import change_fields, record_change
from minamata_kb.core.actors import Actor, signed_in
from minamata_kb.core.sanitize import plain_text
from minamata_kb.national_reports.conditions import applicable, skipped_answers, skipped_error
from minamata_kb.national_reports.models import (
    ANSWER_LABELS,
    Answer,
    Cycle,
    NationalReport,
    Question,
)

MAX_TEXT = 20_000
UI_LANGS = ("en", "fr", "es", "ru", "zh-hans", "ar")


@cache
def _label_codes() -> dict[str, str]:
    """Every way of writing an answer code: the code itself and its label in six languages."""
    table: dict[str, str] = {}
    for code in ANSWER_LABELS:
        table[code] = code
        table[code.replace("_", " ")] = code
    table["n/a"] = "not_applicable"
    table["na"] = "not_applicable"
    for lang in UI_LANGS:
        with translation.override(lang):
            for code, label in ANSWER_LABELS.items():
                table[str(label).strip().lower()] = code
    return table


def normalise_answer(question: Question, raw: str) -> tuple[str, str, str | None]:
    """(value, text, error) for a raw answer; blank means unanswered."""
    raw = plain_text(raw or "")
    if not raw:
        return "", "", None
    kind = question.answer_type
    if kind == Question.AnswerType.TEXT:
        if len(raw) > MAX_TEXT:
            return "", "", _("longer than %(n)s characters") % {"n": MAX_TEXT}
        return "", raw, None
    if kind == Question.AnswerType.NUMBER:
        try:
            number = float(raw.replace(",", "").replace(" ", ""))
        except ValueError:
            return "", "", _("must be a number, got %(v)r") % {"v": raw}
        if number < 0:
            return "", "", _("must not be negative")
        return (f"{number:g}" if number != int(number) else str(int(number))), "", None
    code = _label_codes().get(raw.lower())
    allowed = question.allowed
    if code not in allowed:
        return (
            "",
            "",
            _("%(v)r is not one of the allowed answers: %(allowed)s")
            % {"v": raw, "allowed": ", ".join(allowed)},
        )
    return str(code), "", None


def _check_edit(actor: Actor, report: NationalReport) -> None:
    if not can_act_for_party(actor, report.party):
        raise PermissionDenied(_("You may not change another party's report."))
    if not report.is_draft and not is_secretariat(actor):
        raise PermissionDenied(_("This report was submitted; only the secretariat may change it."))


def start_report(actor: Actor, party: Any, cycle: Cycle) -> NationalReport:
    """The party's report for the cycle, created as a draft when missing."""
    if not can_act_for_party(actor, party):
        raise PermissionDenied(_("You may not report for another party."))
    if not cycle.includes_party(party):
        raise ValidationError(_("%(party)s is not a party in this cycle.") % {"party": party.code})
    with transaction.atomic():
        report, created = NationalReport.objects.get_or_create(
            party=party, cycle=cycle, defaults={"answered_format": cycle.format}
        )
        if created:
            record_change(
                actor, ChangeRecord.Action.CREATE, report, None, {"status": report.status}
            )
    return report


def _clean(
    questions: dict[int, Question], data: dict[int, tuple[str, str]]
) -> tuple[dict[int, tuple[str, str, str]], dict[int, str]]:
    """Normalised (value, text, comment) by question number, and errors by number."""
    errors: dict[int, str] = {}
    clean: dict[int, tuple[str, str, str]] = {}
    for number, (raw, comment) in data.items():
        question = questions.get(number)
        if question is None:
            errors[number] = _("not a question of this cycle")
            continue
        value, text, error = normalise_answer(question, raw)
        comment = plain_text(comment or "")
        if error:
            errors[number] = error
        elif len(comment) > MAX_TEXT:
            errors[number] = _("comment longer than %(n)s characters") % {"n": MAX_TEXT}
        else:
            clean[number] = (value, text, comment)
    return clean, errors


def condition_errors(
    report: NationalReport,
    questions: dict[int, Question],
    clean: dict[int, tuple[str, str, str]],
) -> dict[int, str]:
    """Answers (new, or saved and not replaced) to questions their parent's answer skips."""
    saved = {
        a.question.number: (a.value, a.text, a.comment)
        for a in report.answers.select_related("question")
        if a.question.number in questions
    }
    merged = {**saved, **clean}
    return {q.number: skipped_error(q) for q in skipped_answers(questions.values(), merged)}


def save_answers(
    actor: Actor, report: NationalReport, data: dict[int, tuple[str, str]]
) -> dict[int, str]:
    """Save answers by question number; returns errors by question number (nothing saved then).

    An answer to a question that its parent's answer skips is an error (`conditions`)."""
    _check_edit(actor, report)
    questions = {q.number: q for q in report.cycle.questions()}
    clean, errors = _clean(questions, data)
    if errors:
        return errors
    errors = condition_errors(report, questions, clean)
    if errors:
        return errors
    with transaction.atomic():
        changed = _write_answers(report, questions, clean)
        if changed:
            report.save(update_fields=["updated_at"])
            record_change(actor, ChangeRecord.Action.UPDATE, report, None, {"answers": changed})
    return {}


def _write_answers(
    report: NationalReport,
    questions: dict[int, Question],
    clean: dict[int, tuple[str, str, str]],
) -> dict[str, Any]:
    current = {a.question_id: a for a in report.answers.all()}
    changed: dict[str, Any] = {}
    for number, (value, text, comment) in clean.items():
        q = questions[number]
        answer = current.get(q.pk)
        if answer is None:
            if value or text or comment:
                Answer.objects.create(
                    report=report, question=q, value=value, text=text, comment=comment
                )
                changed[f"Q{number}"] = value or text[:80]
        elif (answer.value, answer.text, answer.comment) != (value, text, comment):
            answer.value, answer.text, answer.comment = value, text, comment
            answer.save(update_fields=["value", "text", "comment"])
            changed[f"Q{number}"] = value or text[:80]
    return changed


def missing_answers(report: NationalReport) -> list[int]:
    """Numbers of questions with a fixed answer that apply and are still unanswered."""
    values = {
        a.question.number: a.value or a.text for a in report.answers.select_related("question")
    }
    questions = list(report.cycle.questions())
    apply = applicable(questions, values)
    return [
        q.number
        for q in questions
        if q.answer_type not in {Question.AnswerType.TEXT, Question.AnswerType.NUMBER}
        and q.number in apply
        and not values.get(q.number)
    ]


def submit_report(actor: Actor, report: NationalReport) -> NationalReport:
    """Submit a complete draft; the secretariat then decides whether to publish it."""
    _check_edit(actor, report)
    if not report.is_draft:
        raise ValidationError(_("This report was already submitted."))
    missing = missing_answers(report)
    if missing:
        raise ValidationError(
            _("Answer every question before submitting; missing: %(q)s")
            % {"q": ", ".join(f"Q{n}" for n in missing)}
        )
    with transaction.atomic():
        report.status = NationalReport.Status.SUBMITTED
        report.submitted_at = timezone.now()
        report.submitted_by = signed_in(actor)
        report.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
        record_change(
            actor, ChangeRecord.Action.SUBMIT, report, {"status": "draft"}, {"status": "submitted"}
        )
    return report


def publish_report(
    actor: Actor, report: NationalReport, published: bool = True, note: str = ""
) -> NationalReport:
    """The secretariat publishes (or withdraws) a submitted report (`note`: why)."""
    require_secretariat(actor)
    if published and report.is_draft:
        raise ValidationError(_("Only a submitted report can be published."))
    if report.published != published:
        with transaction.atomic():
            before = {"published": report.published}
            report.published = published
            report.save(update_fields=["published", "updated_at"])
            record_change(
                actor,
                ChangeRecord.Action.PUBLISH,
                report,
                before,
                {"published": published},
                note=note,
            )
    return report


def return_to_draft(actor: Actor, report: NationalReport) -> NationalReport:
    """The secretariat sends a submitted report back to its party as a draft."""
    require_secretariat(actor)
    with transaction.atomic():
        change_fields(
            actor,
            ChangeRecord.Action.RETURN,
            report,
            {"status": NationalReport.Status.DRAFT, "published": False},
        )
    return report
