"""A query's evidence over the index and its fusion into one score per document.

``signals_for`` gathers the raw signals (full text of the query's own words, of its term-bank
expansion, and each embedder's best cosine); ``fuse`` blends them (ranking.blend) and decides
the candidates and which of them count as relevant. The search service (services.search) and
the benchmarks (benchmarks/search_quality.py, search_cv.py) both go through here.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
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
    """Cosine the closest resource must reach (first embedder) for a query matching no word to
    have results at all."""
    from django.conf import settings

    value = getattr(settings, "SEARCH_MIN_SIMILARITY", None)
    if value is None:
        value = os.environ.get("SEARCH_MIN_SIMILARITY", "0.3")
    return float(value)


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
    """Every signal of query ``q`` over the index (``signals`` restricts them: benchmarks)."""
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
    return Signals(lexical, expanded, vectors, best_similarity, lex_passage, primary_scores, qlang)


def fuse(idx: VectorIndex, sig: Signals, weights: Weights | None = None) -> Scored:
    """Blend the signals; candidates and the relevance floor.

    Candidates are every word match (own or expanded) plus the best documents by meaning; a
    query that matches no word and is far from everything has none (a zero-result demand
    signal). Relevant are the candidates whose fused score reaches ``weights.floor``."""
    w = weights or default_weights(connection.vendor)
    n = idx.size
    # Nothing close by meaning: only the words (own and translated by the term bank) make
    # candidates.
    near = bool(sig.vectors) and sig.best_similarity >= min_similarity()
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
    if near:
        k = min(VECTOR_CANDIDATES, n)
        kth = np.partition(fused, n - k)[n - k]
        candidate |= fused >= kth
        relevant = candidate & (fused >= w.floor)
        if w.similarity_floor > 0:
            first = next(iter(sig.vectors.values()))
            relevant &= (first >= w.similarity_floor) | (sig.expanded > 0)
        top_words = float(sig.lexical.max()) if n else 0.0
        if top_words > 0:
            relevant |= sig.lexical >= top_words  # the best match of the query's own words
    else:
        # Far from everything by meaning: only a match of the Convention's vocabulary (the
        # term bank) is evidence enough; other word matches are shown as weaker ones.
        relevant = sig.expanded > 0 if sig.vectors else words.copy()
    return Scored(fused, candidate, sig.lex_passage, sig.passage_scores, relevant)


def score(
    idx: VectorIndex, q: str, signals: frozenset[str] | None = None, weights: Weights | None = None
) -> Scored:
    """Query ``q`` scored over the index: its signals fused."""
    return fuse(idx, signals_for(idx, q, signals), weights)
