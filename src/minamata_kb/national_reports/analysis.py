"""Analysis of the national reports of one cycle (seed paras 18-19, 23).

Everything here is language-neutral (codes, numbers, party codes, question numbers); pages and
documents put names on it in the reader's language. Only submitted reports are counted; the
public analysis counts only published ones.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import Count, Max

from minamata_kb.national_reports.models import Answer, Cycle, NationalReport, Question
from minamata_kb.national_reports.textsignals import roles_of, sentences, topics_of
from minamata_kb.registry.models import Party

TOP = 8
_CACHE: dict[tuple[Any, ...], Analysis] = {}


def clear_cache() -> None:
    """Forget computed analyses (after an import)."""
    _CACHE.clear()


@dataclass(frozen=True)
class ExtractedNeed:
    """A need or challenge stated in a national-report answer, with where it came from."""

    party: str
    cycle: str
    question: int
    article: int | None
    answer_id: int
    role: str
    text: str
    topics: tuple[str, ...]
    answer: str


@dataclass(frozen=True)
class Numbers:
    """The numeric answers to a question: how many, their sum and median."""

    n: int
    sum: float
    median: float | None


@dataclass(frozen=True)
class Challenge:
    party: str
    text: str


@dataclass(frozen=True)
class QuestionFigures:
    """One question's answers: who answered, answer counts, gaps and challenges."""

    number: int
    part: str
    article: int | None
    short_report: bool
    answer_type: str
    answered: int
    parties: list[str]
    counts: dict[str, int]
    share_no: float
    share_partly: float
    gap_share: float
    gap_parties: list[str]
    challenge_count: int
    challenges: list[Challenge]
    numbers: Numbers
    parent: int | None = None


@dataclass(frozen=True)
class ArticleFigures:
    """The questions of one article taken together (answers with a gap, parties)."""

    article: int
    questions: list[int]
    answers: int
    gap_answers: int
    gap_share: float
    share_no: float
    share_partly: float
    parties_with_gap: int
    parties_answering: int
    challenge_count: int


@dataclass(frozen=True)
class RankItem:
    """An article where a share of a group's parties reported a gap or a challenge."""

    article: int
    parties: int
    answering: int
    share: float
    party_codes: list[str]


@dataclass(frozen=True)
class Rankings:
    """Areas for support ranked for all reporting parties, each region, LDCs and SIDS."""

    all: list[RankItem]
    regions: dict[str, list[RankItem]]
    ldc: list[RankItem]
    sids: list[RankItem]
    group_sizes: dict[str, int]


@dataclass(frozen=True)
class Moves:
    """Who moved out of (improved) or into (worsened) a gap on one question."""

    number: int
    compared: int
    improved: list[str]
    worsened: list[str]
    unchanged: int


@dataclass(frozen=True)
class Changes:
    """The comparison with an earlier cycle (see previous_cycle for `basis`)."""

    previous: str
    previous_kind: str
    previous_deadline: str
    format: str
    previous_format: str
    basis: str
    questions: list[Moves]


@dataclass(frozen=True)
class Art14Question:
    number: int
    answered: int
    counts: dict[str, int]


@dataclass(frozen=True)
class Art14Text:
    party: str
    question: int
    text: str


@dataclass(frozen=True)
class Article14:
    """Article 14 answers (seed para. 23): counts and the texts as received."""

    questions: list[Art14Question]
    texts: list[Art14Text]
    text_count: int


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


def _rows(cycle: Cycle, include_unpublished: bool) -> list[tuple[str, int, int, str, str, str]]:
    return list(
        Answer.objects.filter(report__in=counted_reports(cycle, include_unpublished)).values_list(
            "report__party__code", "question_id", "id", "value", "text", "comment"
        )
    )


def extract_needs(
    cycle: Cycle, rows: list[tuple[str, int, int, str, str, str]], questions: dict[int, Question]
) -> list[ExtractedNeed]:
    """Sentences of comments and free-text answers that state a need or a challenge."""
    found: list[ExtractedNeed] = []
    for party, qid, aid, value, text, comment in rows:
        q = questions.get(qid)
        if q is None:
            continue
        gap = value in q.gap_answers
        for source in (text, comment):
            if not source:
                continue
            for sentence in sentences(source):
                roles = roles_of(sentence)
                if not roles and not (gap and source is comment):
                    continue
                role = "need" if "need" in roles else "challenge"
                found.append(
                    ExtractedNeed(
                        party=party,
                        cycle=cycle.code,
                        question=q.number,
                        article=q.article,
                        answer_id=aid,
                        role=role,
                        text=sentence,
                        topics=topics_of(sentence),
                        answer=value,
                    )
                )
    return found


def _ranking(
    parties: list[str],
    gap_by_article: dict[int, set[str]],
    answering_by_article: dict[int, set[str]],
) -> list[RankItem]:
    members = set(parties)
    items: list[RankItem] = []
    for article, answering in answering_by_article.items():
        base = answering & members
        if not base:
            continue
        needing = gap_by_article.get(article, set()) & members
        if not needing:
            continue
        items.append(
            RankItem(
                article=article,
                parties=len(needing),
                answering=len(base),
                share=round(len(needing) / len(base), 3),
                party_codes=sorted(needing),
            )
        )
    items.sort(key=lambda i: (-i.share, -i.parties, i.article))
    return items[:TOP]


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


Rows = list[tuple[str, int, int, str, str, str]]


def _analyse(cycle: Cycle, include_unpublished: bool) -> Analysis:
    questions = {q.pk: q for q in cycle.questions()}
    rows = _rows(cycle, include_unpublished)
    reporting = sorted({r[0] for r in rows})
    tally = _tally(questions, rows)
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
        articles=_articles(tally, questions),
        ranking=_rankings(reporting, tally),
        changes=_changes(cycle, tally.gap_pairs, include_unpublished),
        article14=_article14(tally.q_out, questions, rows),
        needs_count=len(needs),
        needs_by_topic=dict(Counter(t for n in needs for t in n.topics).most_common()),
    )


@dataclass
class _Tally:
    """Per-question figures and the per-article sets the rankings draw on."""

    q_out: list[QuestionFigures]
    gap_by_article: dict[int, set[str]]
    answering_by_article: dict[int, set[str]]
    gap_pairs: dict[tuple[str, int], bool]


def _tally(questions: dict[int, Question], rows: Rows) -> _Tally:
    by_question: dict[int, list[tuple[str, int, str, str, str]]] = defaultdict(list)
    for party, qid, aid, value, text, comment in rows:
        by_question[qid].append((party, aid, value, text, comment))
    parents = {q.pk: q.number for q in questions.values()}
    tally = _Tally([], defaultdict(set), defaultdict(set), {})
    for q in sorted(questions.values(), key=lambda x: x.number):
        answers = by_question.get(q.pk, [])
        answered = [a for a in answers if a[2] or a[3]]
        gap_parties = sorted(a[0] for a in answered if a[2] and a[2] in q.gap_answers)
        challenges = [Challenge(a[0], a[4]) for a in answers if a[4] and roles_of(a[4])]
        for a in answered:
            tally.gap_pairs[(a[0], q.number)] = bool(a[2] and a[2] in q.gap_answers)
        if q.article is not None:
            tally.answering_by_article[q.article].update(a[0] for a in answered)
            tally.gap_by_article[q.article].update(gap_parties)
            tally.gap_by_article[q.article].update(c.party for c in challenges)
        parent = parents.get(q.parent_id) if q.parent_id else None
        tally.q_out.append(_question_figures(q, answered, gap_parties, challenges, parent))
    return tally


def _question_figures(
    q: Question,
    answered: list[tuple[str, int, str, str, str]],
    gap_parties: list[str],
    challenges: list[Challenge],
    parent: int | None,
) -> QuestionFigures:
    counts = Counter(a[2] for a in answered if a[2])
    n = len(answered)
    numbers = []
    if q.answer_type == Question.AnswerType.NUMBER:
        numbers = [float(a[2]) for a in answered if a[2]]
    return QuestionFigures(
        number=q.number,
        part=q.part,
        article=q.article,
        short_report=q.short_report,
        answer_type=q.answer_type,
        answered=n,
        parties=sorted(a[0] for a in answered),
        counts=dict(sorted(counts.items())),
        share_no=round(counts.get("no", 0) / n, 3) if n else 0.0,
        share_partly=round(counts.get("partly", 0) / n, 3) if n else 0.0,
        gap_share=round(len(gap_parties) / n, 3) if n and q.gap_answers else 0.0,
        gap_parties=gap_parties,
        challenge_count=len(challenges),
        challenges=challenges[:5],
        numbers=Numbers(
            n=len(numbers),
            sum=sum(numbers),
            median=statistics.median(numbers) if numbers else None,
        ),
        parent=parent,
    )


def _articles(tally: _Tally, questions: dict[int, Question]) -> list[ArticleFigures]:
    by_number = questions_by_number(questions)
    art_out = []
    for article in sorted(tally.answering_by_article):
        qs = [q for q in tally.q_out if q.article == article]
        fixed = [q for q in qs if by_number[q.number].gap_answers]
        total = sum(q.answered for q in fixed)
        gaps = sum(len(q.gap_parties) for q in fixed)
        art_out.append(
            ArticleFigures(
                article=article,
                questions=[q.number for q in qs],
                answers=total,
                gap_answers=gaps,
                gap_share=round(gaps / total, 3) if total else 0.0,
                share_no=_weighted(fixed, [q.share_no for q in fixed]),
                share_partly=_weighted(fixed, [q.share_partly for q in fixed]),
                parties_with_gap=len(tally.gap_by_article.get(article, set())),
                parties_answering=len(tally.answering_by_article[article]),
                challenge_count=sum(q.challenge_count for q in qs),
            )
        )
    return art_out


def _rankings(reporting: list[str], tally: _Tally) -> Rankings:
    info = Party.objects.filter(code__in=reporting).select_related("country")
    regions: dict[str, list[str]] = defaultdict(list)
    ldc, sids = [], []
    for p in info:
        c = p.country
        regions[(c.region if c and c.region else "Other")].append(p.code)
        if c is not None and c.ldc:
            ldc.append(p.code)
        if c is not None and c.sids:
            sids.append(p.code)

    def rank(codes: list[str]) -> list[RankItem]:
        return _ranking(codes, tally.gap_by_article, tally.answering_by_article)

    return Rankings(
        all=rank(reporting),
        regions={r: rank(codes) for r, codes in sorted(regions.items())},
        ldc=rank(ldc),
        sids=rank(sids),
        group_sizes={
            "all": len(reporting),
            "ldc": len(ldc),
            "sids": len(sids),
            **{f"region:{r}": len(c) for r, c in regions.items()},
        },
    )


def questions_by_number(questions: dict[int, Question]) -> dict[int, Question]:
    return {q.number: q for q in questions.values()}


def _weighted(qs: list[QuestionFigures], shares: list[float]) -> float:
    """The questions' shares weighted by how many answered each."""
    total = sum(q.answered for q in qs)
    return (
        round(sum(s * q.answered for q, s in zip(qs, shares, strict=True)) / total, 3)
        if total
        else 0.0
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


def _article14(
    q_out: list[QuestionFigures],
    questions: dict[int, Question],
    rows: Rows,
) -> Article14:
    """Article 14 answers (seed para. 23): who provides, who receives, what is needed."""
    art14 = {q.pk: q for q in questions.values() if q.article == 14}
    texts = [
        Art14Text(party=party, question=art14[qid].number, text=text or comment)
        for party, qid, _aid, _value, text, comment in rows
        if qid in art14 and (text or comment)
    ]
    return Article14(
        questions=[
            Art14Question(number=q.number, answered=q.answered, counts=q.counts)
            for q in q_out
            if q.article == 14
        ],
        texts=sorted(texts, key=lambda t: (t.question, t.party))[:60],
        text_count=len(texts),
    )
