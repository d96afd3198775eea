"""Counting the answers of one cycle: per question (who answered what, gaps, challenges,
numeric answers), per article, and the articles where each group of parties (all, each
region, LDCs, SIDS) most reported a gap or a challenge.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass

from minamata_kb.national_reports.analysis_records import (
    ArticleFigures,
    Challenge,
    Numbers,
    QuestionFigures,
    Rankings,
    RankItem,
    Rows,
)
from minamata_kb.national_reports.models import Question
from minamata_kb.national_reports.textsignals import roles_of
from minamata_kb.registry.models import Party

TOP = 8


@dataclass
class Tally:
    """Per-question figures and the per-article sets the rankings draw on."""

    q_out: list[QuestionFigures]
    gap_by_article: dict[int, set[str]]
    answering_by_article: dict[int, set[str]]
    gap_pairs: dict[tuple[str, int], bool]


def tally_answers(questions: dict[int, Question], rows: Rows) -> Tally:
    """Each question's figures in number order, who answered and who has a gap or challenge
    per article, and whether each party's answer to each question is a gap."""
    by_question: dict[int, list[tuple[str, int, str, str, str]]] = defaultdict(list)
    for party, qid, aid, value, text, comment in rows:
        by_question[qid].append((party, aid, value, text, comment))
    parents = {q.pk: q.number for q in questions.values()}
    tally = Tally([], defaultdict(set), defaultdict(set), {})
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


def article_figures(tally: Tally, questions: dict[int, Question]) -> list[ArticleFigures]:
    """The questions of each article taken together (shares over the gap-marking ones)."""
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


def _weighted(qs: list[QuestionFigures], shares: list[float]) -> float:
    """The questions' shares weighted by how many answered each."""
    total = sum(q.answered for q in qs)
    return (
        round(sum(s * q.answered for q, s in zip(qs, shares, strict=True)) / total, 3)
        if total
        else 0.0
    )


def questions_by_number(questions: dict[int, Question]) -> dict[int, Question]:
    return {q.number: q for q in questions.values()}


def support_rankings(reporting: list[str], tally: Tally) -> Rankings:
    """The articles ranked for all reporting parties, each region, LDCs and SIDS."""
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
