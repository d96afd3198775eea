"""Search: hybrid ranking over the index, facets, snippets, more-like-this and the query log.

Other apps call ``search(query, user=..., limit=...)`` and get ``SearchResult.hits``.
"""

from __future__ import annotations

import html
import os
import re
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from django.db import connection
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from minamata_kb.library import selectors as library_selectors
from minamata_kb.search import fts
from minamata_kb.search import text as T
from minamata_kb.search.embedders import get_embedder
from minamata_kb.search.index import VectorIndex, get_index
from minamata_kb.search.models import Passage, QueryLog
from minamata_kb.search.partitions import passage_scores
from minamata_kb.search.ranking import Weights, blend, default_weights, doc_max
from minamata_kb.search.termbank import get_termbank

MAX_QUERY_CHARS = T.MAX_QUERY_CHARS
MAX_LIMIT = 100
FACETS = ("type", "language", "article", "topic", "region", "provider", "year")
SNIPPET_CHARS = 260
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


class SearchError(ValueError):
    """A query that cannot be searched; the message is for the user."""


@dataclass
class Filters:
    """Facet filters (all optional); values are slugs, codes or numbers."""

    language: str | None = None
    type: str | None = None
    article: int | None = None
    topic: str | None = None
    region: str | None = None
    provider: str | None = None
    year: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v not in (None, "")}

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> Filters:
        """From the public parameter names the page, the API and the CLI share (`lang`, `type`,
        `article`, `topic`, `region`, `provider`, `year`): empty is none, a number that does not
        read as one filters nothing."""

        def text(key: str) -> str | None:
            return str(params.get(key) or "") or None

        def number(key: str) -> int | None:
            try:
                return int(params[key]) if params.get(key) not in (None, "") else None
            except (TypeError, ValueError):
                return None

        return cls(
            language=text("lang"),
            type=text("type"),
            article=number("article"),
            topic=text("topic"),
            region=text("region"),
            provider=text("provider"),
            year=number("year"),
        )


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


def _filter_mask(idx: VectorIndex, f: Filters) -> np.ndarray:
    mask = np.ones(idx.size, dtype=bool)
    docs = idx.docs
    if f.language:
        mask &= np.array([d.language == f.language for d in docs], dtype=bool)
    if f.type:
        mask &= np.array([d.type == f.type for d in docs], dtype=bool)
    if f.article is not None:
        mask &= np.array([f.article in d.articles for d in docs], dtype=bool)
    if f.topic:
        mask &= np.array([f.topic in d.topics for d in docs], dtype=bool)
    if f.region:
        mask &= np.array([f.region in d.regions for d in docs], dtype=bool)
    if f.provider:
        mask &= np.array([d.provider == f.provider for d in docs], dtype=bool)
    if f.year is not None:
        mask &= np.array([d.year == f.year for d in docs], dtype=bool)
    return mask


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


def _facets(idx: VectorIndex, mask: np.ndarray) -> dict[str, list[tuple[Any, int]]]:
    counts: dict[str, dict[Any, int]] = {k: {} for k in FACETS}
    for i in np.flatnonzero(mask).tolist():
        d = idx.docs[i]
        singles = {"type": d.type, "language": d.language, "provider": d.provider, "year": d.year}
        for key, value in singles.items():
            if value not in (None, ""):
                counts[key][value] = counts[key].get(value, 0) + 1
        for key, values in (("article", d.articles), ("topic", d.topics), ("region", d.regions)):
            for v in values:
                counts[key][v] = counts[key].get(v, 0) + 1
    return {
        k: sorted(v.items(), key=lambda kv: (-kv[1], str(kv[0])))[:20] for k, v in counts.items()
    }


@dataclass
class _Scored:
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
    # The term bank's translations of the Convention's terms the query contains.
    expanded = np.zeros(n, dtype=np.float32)
    exp_passage: dict[int, int] = {}
    qlang = T.detect_language(q)
    if signals is None or "expanded" in signals:
        # The query's own language's terms too: the best match among them is the scale the
        # other languages' matches are measured against (fuse).
        terms = get_termbank().expand(q)
        if terms:
            groups = [(t.lang, t.words, t.text) for t in terms]
            _best_by_doc(idx, fts.search_groups(groups, total=total), expanded, exp_passage)
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


def fuse(idx: VectorIndex, sig: Signals, weights: Weights | None = None) -> _Scored:
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
    return _Scored(fused, candidate, sig.lex_passage, sig.passage_scores, relevant)


def _score(
    idx: VectorIndex, q: str, signals: frozenset[str] | None = None, weights: Weights | None = None
) -> _Scored:
    return fuse(idx, signals_for(idx, q, signals), weights)


def _highlight(text: str, terms: list[str]) -> tuple[str, str]:
    """A window of ``text`` around the first query term, plain and with <mark> (escaped)."""
    pats = []
    for t in terms:
        stem = t[:-1] if len(t) > 4 else t
        # The mark covers the whole word the stem begins ("mercury", not "mercur"); Chinese has
        # no spaces, so there it covers the term alone.
        tail = "" if T.has_cjk(stem) else r"\w*"
        pats.append(re.escape(stem) + tail)
    rx = re.compile("|".join(sorted(pats, key=len, reverse=True)), re.IGNORECASE) if pats else None
    folded = T.fold(text) if rx else ""
    start = 0
    if rx is not None and len(folded) == len(text):
        m = rx.search(folded)
        if m:
            start = max(0, m.start() - SNIPPET_CHARS // 3)
            space = text.rfind(" ", 0, start)
            start = space + 1 if space > start - 30 and space >= 0 else start
    window = text[start : start + SNIPPET_CHARS]
    plain = ("…" if start > 0 else "") + window + ("…" if start + SNIPPET_CHARS < len(text) else "")
    if rx is None or len(folded) != len(text):
        return plain, html.escape(plain)
    fw = folded[start : start + SNIPPET_CHARS]
    out, pos = [], 0
    for m in rx.finditer(fw):
        out.append(html.escape(window[pos : m.start()]))
        out.append("<mark>" + html.escape(window[m.start() : m.end()]) + "</mark>")
        pos = m.end()
    out.append(html.escape(window[pos:]))
    marked = ("…" if start > 0 else "") + "".join(out)
    marked += "…" if start + SNIPPET_CHARS < len(text) else ""
    return plain, marked


def _best_passages(idx: VectorIndex, order: list[int], scored: _Scored) -> dict[int, int]:
    best: dict[int, int] = {}
    ends = np.r_[idx.starts[1:], len(idx.passage_ids)]
    for d in order:
        if d in scored.lex_passage:
            best[d] = scored.lex_passage[d]
        elif scored.passage_scores is not None:
            s, e = int(idx.starts[d]), int(ends[d])
            best[d] = int(idx.passage_ids[s + int(np.argmax(scored.passage_scores[s:e]))])
        else:
            best[d] = int(idx.passage_ids[int(idx.starts[d])])
    return best


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
    # Other language versions: looked up only for hits whose group has several in the index.
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
    terms = T.query_terms(q) if q else []
    hits = []
    for d in order:
        r = resources.get(int(idx.doc_pks[d]))
        if r is None:
            continue
        pid = best.get(d)
        body = (texts.get(pid) if pid is not None else None) or r.summary or r.text or r.title
        plain, marked = _highlight(body, terms)
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
    facet_counts: dict[str, list[tuple[Any, int]]] = {}
    if idx.size:
        scored = _score(idx, q, signals, weights)
        base = scored.candidate & visible_mask(idx, user)
        mask = _collapse_translations(idx, base & _filter_mask(idx, f), scored.fused)
        strong = mask & scored.relevant if scored.relevant is not None else mask
        total = int(strong.sum())
        weaker = int(mask.sum()) - total
        if facets:
            facet_counts = _facets(idx, strong if total else mask)
        cand = np.flatnonzero(mask)
        if len(cand):
            # Relevant documents first, then the weaker ones; each part by fused score.
            key = scored.fused + np.where(strong, 1e6, 0.0)
            want = min(len(cand), offset + limit)
            top = cand[np.argpartition(-key[cand], want - 1)[:want]]
            order = sorted(top.tolist(), key=lambda d: (-key[d], int(idx.doc_pks[d])))
            order = order[offset : offset + limit]
            best = _best_passages(idx, order, scored)
            hits = _hits(idx, order, scored.fused, best, q, user)
            weak_pks = {int(idx.doc_pks[d]) for d in order if not strong[d]}
            for h in hits:
                h.weak = h.resource.pk in weak_pks
    took = (time.perf_counter() - t0) * 1000
    log_id = None
    if log_source:
        log = QueryLog.objects.create(
            query=q[:1000],
            language=qlang,
            filters=f.as_dict(),
            results=total,
            took_ms=round(took, 2),
            source=log_source,
            user=user if getattr(user, "is_authenticated", False) else None,
        )
        log_id = log.pk
    return SearchResult(q, qlang, hits, total, facet_counts, round(took, 2), log_id, weaker)


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
    scored = _Scored(fused, mask, {}, None)
    return _hits(idx, order, fused, _best_passages(idx, order, scored), "", user)


def click_token(log_id: int, external_id: str) -> str:
    """The signature a results page puts on its link to one hit (see `record_click`)."""
    from django.utils.crypto import salted_hmac

    return salted_hmac("minamata_kb.search.click", f"{log_id}/{external_id}").hexdigest()[:20]


def record_click(log_id: int, resource: Any, *, user: Any = None, token: str = "") -> bool:
    """Count a click from a results page (no-click queries are demand signals too).

    Only a link the results page of that search made counts (`token`, signed by the server
    over the log and the resource), and only from the user who searched when it was a
    signed-in search: a stranger guessing `/search/go/<log>/<id>/` cannot inflate someone
    else's clicks or choose their first click. Returns whether the click was counted.
    """
    from django.utils.crypto import constant_time_compare

    if not constant_time_compare(token or "", click_token(log_id, resource.external_id)):
        return False
    log = QueryLog.objects.filter(pk=log_id).first()
    if log is None:
        return False
    if log.user_id is not None and log.user_id != getattr(user, "pk", None):
        return False
    log.clicks += 1
    if log.first_click_id is None:
        log.first_click = resource
    log.save(update_fields=["clicks", "first_click"])
    return True


def demand_signals(limit: int = 50) -> dict[str, list[dict[str, Any]]]:
    """Queries nobody found anything for, and queries whose results nobody opened."""
    from django.db.models import Count, Max
    from django.db.models.functions import Lower

    def grouped(qs: QuerySet[QueryLog]) -> list[dict[str, Any]]:
        rows = (
            qs.annotate(q=Lower("query"))
            .values("q")
            .annotate(n=Count("id"), last=Max("created_at"))
            .order_by("-n", "-last")[:limit]
        )
        return [dict(row) for row in rows]

    return {
        "zero_results": grouped(QueryLog.objects.filter(results=0)),
        "no_clicks": grouped(QueryLog.objects.filter(results__gt=0, clicks=0)),
    }
