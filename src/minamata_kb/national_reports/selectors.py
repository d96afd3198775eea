"""Reads of the national_reports app, each aware of who is asking.

Visibility: officers and admins see every report; a focal point sees its own party's reports
(drafts included) and the published reports of others; everyone else sees published reports.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.db.models import Q, QuerySet

from minamata_kb.accounts.permissions import is_secretariat, user_party
from minamata_kb.national_reports.analysis import latest_cycle
from minamata_kb.national_reports.analysis_records import ExtractedNeed
from minamata_kb.national_reports.analysis_texts import extract_needs
from minamata_kb.national_reports.conditions import applicable, condition_text
from minamata_kb.national_reports.models import (
    Answer,
    Cycle,
    NationalReport,
    ReportingFormat,
)


def current_format() -> ReportingFormat | None:
    """The format version in force (else the latest loaded)."""
    return (
        ReportingFormat.objects.filter(is_current=True).first()
        or ReportingFormat.objects.order_by("-adopted", "-version").first()
    )


def visible_reports(user: Any) -> QuerySet[NationalReport]:
    """Reports this user may read."""
    qs = NationalReport.objects.select_related(
        "party", "party__country", "cycle", "answered_format"
    )
    if is_secretariat(user):
        return qs
    published = Q(status=NationalReport.Status.SUBMITTED, published=True)
    party = user_party(user)
    if party is not None:
        return qs.filter(published | Q(party=party))
    return qs.filter(published)


def resolve_cycle(value: str | None, *, include_unpublished: bool = False) -> Cycle | None:
    """A cycle by code, or `latest` (the newest with counted reports)."""
    if not value or value == "latest":
        return latest_cycle(include_unpublished)
    return Cycle.objects.select_related("format").filter(code=value).first()


def party_reports(user: Any, party: Any) -> list[NationalReport]:
    """The reports of one party this user may read, newest cycle first."""
    return list(visible_reports(user).filter(party=party).order_by("-cycle__deadline"))


def answers_of(report: NationalReport) -> list[Answer]:
    """The answers of a report in question order."""
    return list(report.answers.select_related("question").order_by("question__number"))


def report_rows(report: NationalReport) -> list[dict[str, Any]]:
    """Every question of the report's cycle with its answer (or None), and whether the report's
    own answers skip it (a sub-question), for reading the report whole."""
    given = {a.question_id: a for a in answers_of(report)}
    questions = list(report.cycle.questions())
    on = applicable(questions, {q.number: given[q.pk].value for q in questions if q.pk in given})
    return [
        {
            "question": q,
            "answer": given.get(q.pk),
            "skipped": q.number not in on,
            "condition": condition_text(q),
        }
        for q in questions
    ]


def needs(
    *,
    cycle: Cycle | str | None = None,
    party: str | None = None,
    include_unpublished: bool = False,
    classify: bool = False,
) -> list[ExtractedNeed]:
    """Needs and challenges stated in national reports, each with party, cycle and question.

    For the matching app: `needs(cycle="full-2021", party="GHA")`. Only submitted reports are
    read; only published ones unless `include_unpublished`. Topics come from the profile's
    keywords; `classify=True` asks the statement classifier (embeddings: slower, better on
    paraphrases) for them instead, when it can be imported.
    """
    cycles: list[Cycle]
    if cycle is None:
        cycles = list(Cycle.objects.select_related("format"))
    elif isinstance(cycle, str):
        cycles = list(Cycle.objects.select_related("format").filter(code=cycle))
    else:
        cycles = [cycle]
    found: list[ExtractedNeed] = []
    for c in cycles:
        reports = NationalReport.objects.filter(cycle=c, status=NationalReport.Status.SUBMITTED)
        if not include_unpublished:
            reports = reports.filter(published=True)
        if party:
            reports = reports.filter(party__code=party.upper())
        rows = list(
            Answer.objects.filter(report__in=reports).values_list(
                "report__party__code", "question_id", "id", "value", "text", "comment"
            )
        )
        questions = {q.pk: q for q in c.questions()}
        found += extract_needs(c, rows, questions)
    return _classified(found) if classify else found


def _classified(found: list[ExtractedNeed]) -> list[ExtractedNeed]:
    """Replace keyword topics by the statement classifier's, keeping keyword ones as fallback."""
    try:
        from minamata_kb.textanalysis.classifier import classify_text
    except ImportError:
        return found
    out = []
    for need in found:
        result = classify_text(need.text, document=False)  # a comment's need: one statement
        topics = tuple(str(t) for t, _score in result.topics) or need.topics
        out.append(replace(need, topics=topics))
    return out
