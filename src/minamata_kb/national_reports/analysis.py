"""Analysis of the national reports of one cycle (seed paras 18-19, 23).

Everything here is language-neutral (codes, numbers, party codes, question numbers); pages and
documents put names on it in the reader's language. Only submitted reports are counted; the
public analysis counts only published ones. Here: which reports and cycles count, the
comparison with an earlier cycle, and the analysis put together and cached; its records are in
analysis_records.py, the counting per question, article and group of parties in
analysis_tally.py, what parties wrote (needs, Article 14 texts) in analysis_texts.py.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import Count, Max

from minamata_kb.national_reports.analysis_records import (
    Article14,
    ArticleFigures,
    Changes,
    Moves,
    QuestionFigures,
    Rankings,
    Rows,
)
from minamata_kb.national_reports.analysis_tally import (
    article_figures,
    support_rankings,
    tally_answers,
)
from minamata_kb.national_reports.analysis_texts import article14_answers, extract_needs
from minamata_kb.national_reports.models import Answer, Cycle, NationalReport

# The names the pages, selectors and documents read from here (the records live beside it).
__all__ = [
    "Analysis",
    "analyse",
    "clear_cache",
    "counted_reports",
    "latest_cycle",
    "previous_cycle",
]

_CACHE: dict[tuple[Any, ...], Analysis] = {}


def clear_cache() -> None:
    """Forget computed analyses (after an import)."""
    _CACHE.clear()


@dataclass(frozen=True)
class Analysis:
    """The analysis of one cycle's national reports."""

    cycle: str
    kind: str
    format: str
    deadline: str
    include_unpublished: bool
    reports: int
    parties: list[str]
    questions: list[QuestionFigures]
    articles: list[ArticleFigures]
    ranking: Rankings
    changes: Changes | None
    article14: Article14
    needs_count: int
    needs_by_topic: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Plain data (the API's body; what a document's snapshot freezes)."""
        return asdict(self)


def counted_reports(cycle: Cycle, include_unpublished: bool) -> Any:
    """The reports of a cycle the analysis counts."""
    qs = NationalReport.objects.filter(cycle=cycle, status=NationalReport.Status.SUBMITTED)
    return qs if include_unpublished else qs.filter(published=True)


def previous_cycle(cycle: Cycle, include_unpublished: bool = False) -> tuple[Cycle | None, str]:
    """The cycle to compare with, and why: the latest earlier cycle of the same kind with
    counted reports ("same_kind"); when there is none (the first full cycle), the latest earlier
    cycle of the other kind with counted reports, on the questions both ask ("other_kind")."""
    counted = NationalReport.objects.filter(status=NationalReport.Status.SUBMITTED)
    if not include_unpublished:
        counted = counted.filter(published=True)
    earlier = (
        Cycle.objects.filter(deadline__lt=cycle.deadline, pk__in=counted.values("cycle_id"))
        .order_by("-deadline")
        .select_related("format")
    )
    same = earlier.filter(kind=cycle.kind).first()
    if same is not None:
        return same, "same_kind"
    other = earlier.first()
    return (other, "other_kind") if other is not None else (None, "")


def latest_cycle(include_unpublished: bool = False) -> Cycle | None:
    """The most recent cycle with counted reports (else the most recent cycle)."""
    qs = NationalReport.objects.filter(status=NationalReport.Status.SUBMITTED)
    if not include_unpublished:
        qs = qs.filter(published=True)
    latest = qs.order_by("-cycle__deadline").values_list("cycle_id", flat=True).first()
    if latest is not None:
        return Cycle.objects.select_related("format").get(pk=latest)
    return Cycle.objects.select_related("format").order_by("-deadline").first()


def _rows(cycle: Cycle, include_unpublished: bool) -> Rows:
    return list(
        Answer.objects.filter(report__in=counted_reports(cycle, include_unpublished)).values_list(
            "report__party__code", "question_id", "id", "value", "text", "comment"
        )
    )


def _fingerprint(cycle: Cycle, include_unpublished: bool) -> tuple[Any, ...]:
    # every cycle's reports: the comparison draws on an earlier cycle's too
    agg = NationalReport.objects.aggregate(n=Count("id"), last=Max("updated_at"))
    return (cycle.pk, include_unpublished, agg["n"], agg["last"], Answer.objects.count())


def analyse(cycle: Cycle, *, include_unpublished: bool = False) -> Analysis:
    """The full analysis of one cycle (cached until a report of it changes)."""
    key = _fingerprint(cycle, include_unpublished)
    if key in _CACHE:
        return _CACHE[key]
    result = _analyse(cycle, include_unpublished)
    _CACHE[key] = result
    return result


def _analyse(cycle: Cycle, include_unpublished: bool) -> Analysis:
    questions = {q.pk: q for q in cycle.questions()}
    rows = _rows(cycle, include_unpublished)
    reporting = sorted({r[0] for r in rows})
    tally = tally_answers(questions, rows)
    needs = extract_needs(cycle, rows, questions)
    return Analysis(
        cycle=cycle.code,
        kind=cycle.kind,
        format=cycle.format.version,
        deadline=cycle.deadline.isoformat(),
        include_unpublished=include_unpublished,
        reports=len(reporting),
        parties=reporting,
        questions=tally.q_out,
        articles=article_figures(tally, questions),
        ranking=support_rankings(reporting, tally),
        changes=_changes(cycle, tally.gap_pairs, include_unpublished),
        article14=article14_answers(tally.q_out, questions, rows),
        needs_count=len(needs),
        needs_by_topic=dict(Counter(t for n in needs for t in n.topics).most_common()),
    )


def counterparts(previous: Cycle, cycle: Cycle) -> dict[int, int]:
    """Question numbers of `previous` -> the same question's number in `cycle`: the number
    itself in the same format version, else the question that names it in `replaces`."""
    if previous.format_id == cycle.format_id:
        return {q.number: q.number for q in previous.questions()}
    return {
        q.replaces.number: q.number
        for q in cycle.questions().select_related("replaces")
        if q.replaces is not None and q.replaces.format_id == previous.format_id
    }


def _changes(
    cycle: Cycle, gap_pairs: dict[tuple[str, int], bool], include_unpublished: bool
) -> Changes | None:
    """Per question common to this cycle and the one compared with (`previous_cycle`): who
    moved out of or into a gap."""
    prev, basis = previous_cycle(cycle, include_unpublished)
    if prev is None:
        return None
    mapping = counterparts(prev, cycle)
    prev_questions = {q.pk: q for q in prev.questions()}
    before: dict[tuple[str, int], bool] = {}
    for party, qid, _aid, value, text, _c in _rows(prev, include_unpublished):
        q = prev_questions.get(qid)
        if q is not None and (value or text) and q.number in mapping:
            before[(party, mapping[q.number])] = bool(value and value in q.gap_answers)
    common = sorted({n for _, n in before} & {n for _, n in gap_pairs})
    return Changes(
        previous=prev.code,
        previous_kind=prev.kind,
        previous_deadline=prev.deadline.isoformat(),
        format=cycle.format.version,
        previous_format=prev.format.version,
        basis=basis,
        questions=[_moves(number, before, gap_pairs) for number in common],
    )


def _moves(
    number: int, before: dict[tuple[str, int], bool], now: dict[tuple[str, int], bool]
) -> Moves:
    improved, worsened, same = [], [], 0
    for (party, n), was_gap in before.items():
        if n != number or (party, n) not in now:
            continue
        if was_gap and not now[(party, n)]:
            improved.append(party)
        elif now[(party, n)] and not was_gap:
            worsened.append(party)
        else:
            same += 1
    return Moves(
        number=number,
        compared=len(improved) + len(worsened) + same,
        improved=sorted(improved),
        worsened=sorted(worsened),
        unchanged=same,
    )
