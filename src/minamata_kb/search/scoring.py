"""A query's evidence over the index and its fusion into one score per document.

``signals_for`` gathers the raw signals (full text of the query's own words, of its term-bank
expansion, and each embedder's best cosine); ``fuse`` blends them (ranking.blend) and decides
the candidates and which of them count as relevant. The search service (services.search) and
the benchmarks (benchmarks/search_quality.py, search_cv.py) both go through here.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from django.db import connection

from minamata_kb.search import fts
from minamata_kb.search import text as T
from minamata_kb.search.embedders import get_embedder
from minamata_kb.search.index import VectorIndex
from minamata_kb.search.partitions import passage_scores
from minamata_kb.search.ranking import Weights, blend, default_weights, doc_max
from minamata_kb.search.termbank import get_termbank

VECTOR_CANDIDATES = 100  # documents admitted by meaning alone (facets count over them)


def min_similarity() -> float:
    """Cosine the closest resource must reach (first embedder) for a query that matches no
    word (its own or a term-bank translation) to have results at all."""
    from django.conf import settings

    value = getattr(settings, "SEARCH_MIN_SIMILARITY", None)
    if value is None:
        value = os.environ.get("SEARCH_MIN_SIMILARITY", "0.3")
    return float(value)


# The cosine with the query that a word match needs to count as relevant when it is under the
# similarity floor (a term-bank match), or at all (the best match of the query's own words),
# per first embedder: a cosine means something only on its model's scale. Chosen for USE by
# the cross-validation over the dev queries with the relevance floors, off-topic queries having
# to count nothing (benchmarks/search_cv.py). Before, such matches counted however far in
# meaning: «trains» expands to the Convention's "training", and a French train timetable
# counted 14 training guides on the demo. Other embedders (the tests' hash embedder, which
# knows no language) have no calibrated value: their word matches count as before.
WORD_SIMILARITY_FLOORS = {"use": 0.15}


def calibrated_word_floor(sig: Signals) -> float:
    """The word matches' cosine floor for the first embedder of ``sig`` (0: none)."""
    first = next(iter(sig.vectors), None)
    return WORD_SIMILARITY_FLOORS.get(first, 0.0) if first else 0.0


@lru_cache(maxsize=4096)
def query_vector(name: str, query: str) -> np.ndarray:
    """A query's embedding, cached: paging and facet clicks repeat the same query."""
    vec = get_embedder(name).embed_queries([query])[0]
    vec.setflags(write=False)
    return vec


@dataclass
class Scored:
    fused: np.ndarray
    candidate: np.ndarray
    lex_passage: dict[int, int]
    passage_scores: np.ndarray | None
    # Documents above the relevance floor (counted as found); the other candidates are shown
    # after them as weaker matches. None: every candidate counts (more-like-this).
    relevant: np.ndarray | None = None
    # The Convention's words the query's plain words were also searched as (Signals.read_as).
    read_as: list[str] = field(default_factory=list)


@dataclass
class Signals:
    """The raw evidence for one query, per document, before fusion (benchmarks re-fuse it
    with other weights, see benchmarks/search_quality.py)."""

    lexical: np.ndarray  # best full-text score of the query's own words
    expanded: np.ndarray  # best full-text score of its term-bank expansion (other languages)
    vectors: dict[str, np.ndarray]  # best cosine per embedder
    best_similarity: float  # best cosine of the first embedder
    lex_passage: dict[int, int]
    passage_scores: np.ndarray | None
    language: str = ""  # the query's language (text.detect_language)
    read_as: list[str] = field(default_factory=list)  # its plain words' meanings (TermBank)


_pools: dict[int, ThreadPoolExecutor] = {}


def _embedding_pool() -> ThreadPoolExecutor:
    """This process's query-embedding threads (made after any fork: threads do not survive one)."""
    pid = os.getpid()
    pool = _pools.get(pid)
    if pool is None:
        pool = _pools.setdefault(pid, ThreadPoolExecutor(2, thread_name_prefix="query-embedding"))
    return pool


def _doc_rows(idx: VectorIndex, docs: np.ndarray) -> np.ndarray:
    """Index rows (passage positions) of the given documents."""
    if len(docs) == 0:
        return np.zeros(0, dtype=np.int64)
    ends = np.r_[idx.starts[1:], len(idx.passage_ids)]
    return np.concatenate([np.arange(idx.starts[d], ends[d]) for d in docs.tolist()])


def _best_by_doc(
    idx: VectorIndex, hits: list[tuple[int, float]], into: np.ndarray, passage: dict[int, int]
) -> None:
    if not hits:
        return
    pids = np.array([h[0] for h in hits], dtype=np.int64)
    docs = idx.doc_of_passages(pids)
    for (pid, score), d in zip(hits, docs.tolist(), strict=True):
        if d >= 0 and score > into[d]:
            into[d] = score
            passage[d] = pid


def _expansion(idx: VectorIndex, q: str, total: int) -> tuple[np.ndarray, dict[int, int]]:
    """Best full-text score per document of the term bank's translations of the Convention's
    terms the query contains, and the passage that scored it."""
    expanded = np.zeros(idx.size, dtype=np.float32)
    exp_passage: dict[int, int] = {}
    # The query's own language's terms too: the best match among them is the scale the
    # other languages' matches are measured against (fuse).
    terms = get_termbank().expand(q)
    if terms:
        groups = [(t.lang, t.words, t.text) for t in terms]
        _best_by_doc(idx, fts.search_groups(groups, total=total), expanded, exp_passage)
    return expanded, exp_passage


def signals_for(idx: VectorIndex, q: str, signals: frozenset[str] | None = None) -> Signals:
    """Every signal of query ``q`` over the index (``signals`` restricts them: benchmarks).
    A query in plain words is read with the Convention's words for them too
    (``TermBank.augment``)."""
    bank = get_termbank()
    read_as = bank.meanings(q)
    q = bank.augment(q, read_as)
    n = idx.size
    names = [name for name in idx.matrices if signals is None or name in signals]
    # The models embed the query while the full-text engine runs (both release the GIL).
    pending = {name: _embedding_pool().submit(query_vector, name, q) for name in names}
    lexical = np.zeros(n, dtype=np.float32)
    lex_passage: dict[int, int] = {}
    use_lexical = signals is None or "lexical" in signals
    total = len(idx.passage_ids)
    hits = fts.search(q, total=total) if use_lexical else []
    _best_by_doc(idx, hits, lexical, lex_passage)
    qlang = T.detect_language(q)
    if signals is None or "expanded" in signals:
        expanded, exp_passage = _expansion(idx, q, total)
    else:
        expanded, exp_passage = np.zeros(n, dtype=np.float32), {}
    for d, pid in exp_passage.items():
        lex_passage.setdefault(d, pid)
    # Partitioned matrices score the full-text matches' passages exactly, wherever they lie.
    extra = _doc_rows(idx, np.flatnonzero((lexical > 0) | (expanded > 0))) if lex_passage else None
    vectors: dict[str, np.ndarray] = {}
    primary_scores = None
    best_similarity = 0.0
    for name in names:
        ps = passage_scores(idx.matrices[name], pending[name].result(), extra)
        vectors[name] = doc_max(ps, idx.starts)
        if primary_scores is None:
            primary_scores = ps
            best_similarity = float(vectors[name].max()) if n else 0.0
    return Signals(
        lexical, expanded, vectors, best_similarity, lex_passage, primary_scores, qlang, read_as
    )


def fuse(
    idx: VectorIndex,
    sig: Signals,
    weights: Weights | None = None,
    word_similarity_floor: float | None = None,
) -> Scored:
    """Blend the signals; candidates and the relevance floor.

    Candidates are every word match (own or expanded) plus the best documents by meaning; a
    query that matches no word and is far from everything has none (a zero-result demand
    signal). Relevant are the candidates that ``counted`` keeps."""
    w = weights or default_weights(connection.vendor)
    n = idx.size
    expanded = sig.expanded
    if not w.expanded_same_language and sig.language in idx.languages:
        # The query's own words already speak for documents in its language.
        expanded = np.where(idx.doc_lang == idx.languages.index(sig.language), 0.0, expanded)
    # Scaled by the best expanded match in any language, the query's own included: an
    # other-language document counts as much as it matches compared with those.
    fused = blend(
        sig.lexical,
        sig.vectors,
        idx.doc_lang,
        len(idx.languages),
        w,
        expanded=expanded,
        expanded_best=float(sig.expanded.max()) if len(sig.expanded) else None,
    )
    words = (sig.lexical > 0) | (sig.expanded > 0)
    candidate = words.copy()
    # Meaning adds the best documents unless the query matches no word and is far from
    # everything: a query whose words match already has candidates, and meaning is what ranks
    # a paraphrase's answer among them (what counts is decided by closeness below).
    near = bool(sig.vectors) and (bool(words.any()) or sig.best_similarity >= min_similarity())
    if near and n:
        k = min(VECTOR_CANDIDATES, n)
        kth = np.partition(fused, n - k)[n - k]
        candidate |= fused >= kth
    floor = calibrated_word_floor(sig) if word_similarity_floor is None else word_similarity_floor
    return Scored(
        fused,
        candidate,
        sig.lex_passage,
        sig.passage_scores,
        counted(sig, fused, candidate, w, floor),
        sig.read_as,
    )


def counted(
    sig: Signals,
    fused: np.ndarray,
    candidate: np.ndarray,
    w: Weights,
    word_similarity_floor: float,
) -> np.ndarray:
    """The candidates counted as relevant: a fused score of at least ``w.floor`` and a cosine
    with the query (first embedder) of at least ``w.similarity_floor`` (the fused score is
    relative to the query's best documents, the cosine absolute, so an off-topic query's best
    documents do not count); a term-bank match needs only ``word_similarity_floor`` as cosine,
    and the best match of the query's own words counts above that cosine even under the
    floor. Without embedders every word match counts."""
    words = (sig.lexical > 0) | (sig.expanded > 0)
    if not sig.vectors:
        return words & candidate
    first = next(iter(sig.vectors.values()))
    near_words = (
        first >= word_similarity_floor
        if word_similarity_floor > 0
        else np.ones(len(first), dtype=bool)  # no calibrated floor: every word match
    )
    relevant = candidate & (fused >= w.floor)
    if w.similarity_floor > 0:
        relevant &= (first >= w.similarity_floor) | ((sig.expanded > 0) & near_words)
    top_words = float(sig.lexical.max()) if len(sig.lexical) else 0.0
    if top_words > 0:
        relevant |= (sig.lexical >= top_words) & near_words  # the best own-word match
    return relevant


def score(
    idx: VectorIndex, q: str, signals: frozenset[str] | None = None, weights: Weights | None = None
) -> Scored:
    """Query ``q`` scored over the index: its signals fused."""
    return fuse(idx, signals_for(idx, q, signals), weights)
