"""Which questions of a report apply, given its answers: the one rule for form, template, import.

A question with a `parent` applies only when its parent applies and the parent's answer is one of
its `shown_when` codes ("if yes, ..."). A question whose parent is not part of the cycle (none
in a valid format: a short-report child needs a short-report parent) applies.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.utils.translation import gettext as _

from minamata_kb.national_reports.models import ANSWER_LABELS, Question


def applicable(questions: Iterable[Question], values: Mapping[int, str]) -> set[int]:
    """Numbers of the questions that apply, given answer codes by question number."""
    by_pk = {q.pk: q for q in questions}
    memo: dict[int, bool] = {}

    def applies(q: Question) -> bool:
        if q.pk not in memo:
            parent = by_pk.get(q.parent_id) if q.parent_id else None
            memo[q.pk] = parent is None or (
                applies(parent) and values.get(parent.number, "") in q.shown_when
            )
        return memo[q.pk]

    return {q.number for q in by_pk.values() if applies(q)}


def condition_text(question: Question) -> str:
    """'Answer only if Q14 is Yes or Partly' in the active language ('' for a main question)."""
    parent = question.parent
    if parent is None:
        return ""
    labels = [str(ANSWER_LABELS.get(code, code)) for code in question.shown_when]
    return _("Answer only if Q%(n)s is %(answers)s") % {
        "n": parent.number,
        "answers": f" {_('or')} ".join(labels),
    }


def skipped_error(question: Question) -> str:
    """Why an answer to a question that does not apply is refused."""
    return _("Q%(n)s does not apply with this answer to Q%(p)s; leave it empty (%(rule)s)") % {
        "n": question.number,
        "p": question.parent.number if question.parent else "",
        "rule": condition_text(question),
    }


def skipped_answers(
    questions: Iterable[Question], answers: Mapping[int, tuple[str, str, str]]
) -> list[Question]:
    """Questions answered (value, text or comment) although their condition skips them."""
    qs = list(questions)
    values = {n: a[0] for n, a in answers.items()}
    ok = applicable(qs, values)
    return [q for q in qs if q.number not in ok and any(answers.get(q.number, ("", "", "")))]
