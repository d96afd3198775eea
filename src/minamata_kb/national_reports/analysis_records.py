"""The records an analysis of national reports is made of: per question, per article, the
areas for support ranked per group of parties, the comparison with an earlier cycle, Article 14
and the needs stated in answers. Language-neutral (codes, numbers, party codes, question
numbers), frozen, and plain data through `Analysis.as_dict` (analysis.py).
"""

from __future__ import annotations

from dataclasses import dataclass

# The answer rows the analysis reads: party code, question id, answer id, value, text, comment.
Rows = list[tuple[str, int, int, str, str, str]]


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
