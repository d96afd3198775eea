"""Search: hybrid ranking over the index, facets, snippets, more-like-this and the query log.

Other apps call ``search(query, user=..., limit=...)`` and get ``SearchResult.hits``. A query's
signals and their fusion are in scoring.py, the filters and facet counts in facets.py, the
snippets in snippets.py, the query log with its clicks and demand signals in querylog.py.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.utils.translation import gettext as _

from minamata_kb.library import selectors as library_selectors
from minamata_kb.search import text as T
from minamata_kb.search.facets import Filters, facet_counts, filter_mask
from minamata_kb.search.index import VectorIndex, get_index
from minamata_kb.search.models import Passage
from minamata_kb.search.querylog import log_query
from minamata_kb.search.ranking import Weights, blend, doc_max
from minamata_kb.search.scoring import Scored, score
from minamata_kb.search.snippets import best_passages, highlight

# The public names other modules read from here (some live beside it, see above).
__all__ = [
    "Hit",
    "SearchError",
    "SearchResult",
    "clean_query",
    "more_like_this",
    "search",
    "visible_mask",
    "visible_resources",
]

MAX_QUERY_CHARS = T.MAX_QUERY_CHARS
MAX_LIMIT = 100


class SearchError(ValueError):
    """A query that cannot be searched; the message is for the user."""


@dataclass
class Hit:
    """One resource in the results, with its best passage."""

    resource: Any
    id: str
    title: str
    language: str
    score: float
    snippet: str
    snippet_html: str
    passage_id: int | None
    # The same resource in other languages, visible to the reader: (external id, language).
    translations: list[tuple[str, str]] = field(default_factory=list)
    # Below the relevance floor: shown after the relevant results, as a weaker match.
    weak: bool = False


@dataclass
class SearchResult:
    query: str
    language: str
    hits: list[Hit]
    total: int
    facets: dict[str, list[tuple[Any, int]]] = field(default_factory=dict)
    took_ms: float = 0.0
    log_id: int | None = None
    # Candidates below the relevance floor, listed after the ``total`` relevant ones.
    weaker: int = 0
    # The Convention's words the query's plain words were read as (TermBank.meanings).
    read_as: list[str] = field(default_factory=list)


def clean_query(query: str | None) -> str:
    """Validate and normalise a query; SearchError with a clear message when unusable."""
    q = re.sub(r"[\x00-\x1f\x7f]+", " ", query or "").strip()
    if not q:
        raise SearchError(_("Type at least one word to search."))
    if len(q) > MAX_QUERY_CHARS:
        raise SearchError(
            _("The query is too long (%(n)d characters); the limit is %(max)d.")
            % {"n": len(q), "max": MAX_QUERY_CHARS}
        )
    return q


def visible_mask(idx: VectorIndex, user: Any) -> np.ndarray:
    """The index's documents the user may see (the library's rule, library/selectors.py)."""
    if library_selectors.sees_everything(user):
        return np.ones(idx.size, dtype=bool)
    mask = idx.published.copy()
    for pk in library_selectors.visible_unpublished_pks(user):
        i = idx.pk_to_doc.get(pk)
        if i is not None:
            mask[i] = True
    return mask


# The library's visibility rule, kept under this name for the callers that read it from here.
visible_resources = library_selectors.visible_resources


def _collapse_translations(idx: VectorIndex, mask: np.ndarray, fused: np.ndarray) -> np.ndarray:
    """Keep one document of each translation group: its best-scoring version (ties: lowest pk).
    The others are offered beside it as its translations."""
    cand = np.flatnonzero(mask)
    if len(cand) < 2:
        return mask
    order = cand[np.lexsort((idx.doc_pks[cand], -fused[cand]))]
    _, first = np.unique(idx.doc_group[order], return_index=True)
    out = np.zeros_like(mask)
    out[order[first]] = True
    return out


def _other_versions(
    idx: VectorIndex, order: list[int], resources: dict[int, Any], user: Any
) -> dict[str, list[tuple[str, str]]]:
    """The other language versions the user may see of the hits' resources, per translation
    group: (external id, language). Looked up only for hits whose group has several in the
    index."""
    pks = [int(idx.doc_pks[d]) for d in order]
    sizes = np.bincount(idx.doc_group) if len(order) else np.zeros(0, dtype=np.int64)
    shared = {int(idx.doc_pks[d]) for d in order if sizes[idx.doc_group[d]] > 1}
    groups = {r.translation_group for pk, r in resources.items() if pk in shared}
    versions: dict[str, list[tuple[str, str]]] = {}
    for group, ext_id, lang in (
        visible_resources(user)
        .filter(translation_group__in=groups)
        .exclude(pk__in=pks)
        .order_by("language", "external_id")
        .values_list("translation_group", "external_id", "language")
    ):
        versions.setdefault(group, []).append((ext_id, lang))
    return versions


def _hits(
    idx: VectorIndex, order: list[int], fused: np.ndarray, best: dict[int, int], q: str, user: Any
) -> list[Hit]:
    pks = [int(idx.doc_pks[d]) for d in order]
    # Re-read with the visibility rule: a stale index can never leak a draft.
    resources = {
        r.pk: r
        for r in visible_resources(user)
        .filter(pk__in=pks)
        .select_related("type", "provider")
        .defer("text")  # the body is read only when a hit has no passage (rare)
    }
    texts = dict(Passage.objects.filter(pk__in=list(best.values())).values_list("pk", "text"))
    versions = _other_versions(idx, order, resources, user)
    terms = T.query_terms(q) if q else []
    hits = []
    for d in order:
        r = resources.get(int(idx.doc_pks[d]))
        if r is None:
            continue
        pid = best.get(d)
        body = (texts.get(pid) if pid is not None else None) or r.summary or r.text or r.title
        plain, marked = highlight(body, terms)
        hits.append(
            Hit(
                resource=r,
                id=r.external_id,
                title=r.title,
                language=r.language,
                score=round(float(fused[d]), 4),
                snippet=plain,
                snippet_html=marked,
                passage_id=pid,
                translations=versions.get(r.translation_group, []),
            )
        )
    return hits


def _page(
    idx: VectorIndex,
    cand: np.ndarray,
    strong: np.ndarray,
    fused: np.ndarray,
    offset: int,
    limit: int,
) -> list[int]:
    """The candidates of the requested page, in order: the relevant documents first, then the
    weaker ones; each part by fused score (ties: lowest pk)."""
    key = fused + np.where(strong, 1e6, 0.0)
    want = min(len(cand), offset + limit)
    top = cand[np.argpartition(-key[cand], want - 1)[:want]]
    order = sorted(top.tolist(), key=lambda d: (-key[d], int(idx.doc_pks[d])))
    return order[offset : offset + limit]


def search(
    query: str,
    *,
    user: Any = None,
    filters: Filters | None = None,
    limit: int = 10,
    offset: int = 0,
    log_source: str | None = None,
    facets: bool = False,
    signals: frozenset[str] | None = None,
    weights: Weights | None = None,
) -> SearchResult:
    """Hybrid search over the resources the user may see; logs the query when ``log_source``.

    ``total`` counts the relevant results (above the relevance floor); the weaker candidates
    (``weaker`` of them) follow them in the ranking, each hit marked ``weak``. ``signals``
    restricts the ranking to some of "lexical", "expanded" (the term bank) and the embedder
    names, ``weights`` replaces the measured ones (benchmarks).
    """
    t0 = time.perf_counter()
    q = clean_query(query)
    f = filters or Filters()
    limit = max(1, min(int(limit), MAX_LIMIT))
    offset = max(0, int(offset))
    idx = get_index()
    qlang = T.detect_language(q)
    hits: list[Hit] = []
    total = weaker = 0
    counts: dict[str, list[tuple[Any, int]]] = {}
    read_as: list[str] = []
    if idx.size:
        scored = score(idx, q, signals, weights)
        read_as = scored.read_as
        base = scored.candidate & visible_mask(idx, user)
        mask = _collapse_translations(idx, base & filter_mask(idx, f), scored.fused)
        strong = mask & scored.relevant if scored.relevant is not None else mask
        total = int(strong.sum())
        weaker = int(mask.sum()) - total
        if facets:
            counts = facet_counts(idx, strong if total else mask)
        cand = np.flatnonzero(mask)
        if len(cand):
            order = _page(idx, cand, strong, scored.fused, offset, limit)
            best = best_passages(idx, order, scored)
            hits = _hits(idx, order, scored.fused, best, q, user)
            weak_pks = {int(idx.doc_pks[d]) for d in order if not strong[d]}
            for h in hits:
                h.weak = h.resource.pk in weak_pks
    took = (time.perf_counter() - t0) * 1000
    log_id = None
    if log_source:
        log_id = log_query(q, qlang, f.as_dict(), total, took, log_source, user)
    return SearchResult(q, qlang, hits, total, counts, round(took, 2), log_id, weaker, read_as)


def more_like_this(resource: Any, *, user: Any = None, limit: int = 5) -> list[Hit]:
    """Resources closest to ``resource`` by meaning (its translations excluded)."""
    idx = get_index()
    d0 = idx.pk_to_doc.get(resource.pk)
    if d0 is None or not idx.matrices:
        return []
    ends = np.r_[idx.starts[1:], len(idx.passage_ids)]
    s, e = int(idx.starts[d0]), int(ends[d0])
    vectors = {}
    for name, matrix in idx.matrices.items():
        qv = matrix[s:e].mean(axis=0)
        norm = float(np.linalg.norm(qv))
        if norm == 0:
            continue
        vectors[name] = doc_max(matrix @ (qv / norm), idx.starts)
    if not vectors:
        return []
    fused = blend(None, vectors, idx.doc_lang, len(idx.languages), Weights())
    mask = visible_mask(idx, user)
    same = set(resource.translations().values_list("pk", flat=True)) | {resource.pk}
    for pk in same:
        i = idx.pk_to_doc.get(pk)
        if i is not None:
            mask[i] = False
    cand = np.flatnonzero(mask)
    order = sorted(cand.tolist(), key=lambda d: -fused[d])[:limit]
    scored = Scored(fused, mask, {}, None)
    return _hits(idx, order, fused, best_passages(idx, order, scored), "", user)
