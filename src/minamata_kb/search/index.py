"""The in-process vector index: numpy matrices of passage vectors plus per-resource facets.

Loaded from the database on first use and reloaded when IndexState's version moves (any
process that indexes bumps it), so several server processes stay consistent without a
broker. Search results are re-read from the database with the visibility filter, so a stale
index can never show an unpublished resource.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import connection

from minamata_kb.library.models import Resource
from minamata_kb.search.embedders import embedder_names
from minamata_kb.search.models import IndexState, Passage, PassageVector

STATE_KEY = "passages"


@dataclass
class DocInfo:
    """What the index keeps per resource for filters and facets."""

    pk: int
    external_id: str
    language: str
    published: bool
    type: str
    year: int | None
    provider: str
    articles: tuple[int, ...]
    topics: tuple[str, ...]
    regions: tuple[str, ...]
    group: str = ""  # translation group: the same resource in other languages shares it


@dataclass
class VectorIndex:
    """Passages grouped by resource, their vectors per embedder and per-resource facets."""

    version: int = -1
    docs: list[DocInfo] = field(default_factory=list)
    doc_pks: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    doc_lang: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    doc_group: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    languages: list[str] = field(default_factory=list)
    published: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    passage_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    passage_doc: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    starts: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    matrices: dict[str, Any] = field(default_factory=dict)  # ndarray or a stand-in
    pk_to_doc: dict[int, int] = field(default_factory=dict)
    _pid_order: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    @property
    def size(self) -> int:
        return len(self.docs)

    def doc_of_passages(self, passage_ids: np.ndarray) -> np.ndarray:
        """Document index of each passage id (-1 when unknown: deleted since the load)."""
        if len(self.passage_ids) == 0:
            return np.full(len(passage_ids), -1, dtype=np.int64)
        sorted_ids = self.passage_ids[self._pid_order]
        pos = np.searchsorted(sorted_ids, passage_ids)
        pos = np.clip(pos, 0, len(sorted_ids) - 1)
        found = sorted_ids[pos] == passage_ids
        return np.where(found, self.passage_doc[self._pid_order[pos]], -1)

    def passage_position(self, passage_id: int) -> int:
        sorted_ids = self.passage_ids[self._pid_order]
        pos = int(np.searchsorted(sorted_ids, passage_id))
        if pos < len(sorted_ids) and sorted_ids[pos] == passage_id:
            return int(self._pid_order[pos])
        return -1


def current_version() -> int:
    row = IndexState.objects.filter(key=STATE_KEY).values_list("version", flat=True).first()
    return int(row or 0)


def bump_version() -> None:
    """Tell every process that the index changed."""
    from django.db.models import F

    updated = IndexState.objects.filter(key=STATE_KEY).update(version=F("version") + 1)
    if not updated:
        IndexState.objects.get_or_create(key=STATE_KEY, defaults={"version": 1})


def build(version: int | None = None) -> VectorIndex:
    """Read passages, vectors and resource facets from the database."""

    version = current_version() if version is None else version
    rows = list(Passage.objects.order_by("resource_id", "ordinal").values_list("id", "resource_id"))
    idx = VectorIndex(version=version)
    if not rows:
        return idx
    pids = np.array([r[0] for r in rows], dtype=np.int64)
    rids = np.array([r[1] for r in rows], dtype=np.int64)
    change = np.flatnonzero(np.r_[True, rids[1:] != rids[:-1]])
    doc_pks = rids[change]
    passage_doc = np.cumsum(np.r_[0, (rids[1:] != rids[:-1]).astype(np.int64)])
    docs = _doc_infos(doc_pks.tolist())
    languages = sorted({d.language for d in docs})
    lang_pos = {lang: i for i, lang in enumerate(languages)}
    idx.docs = docs
    idx.doc_pks = doc_pks
    idx.pk_to_doc = {pk: i for i, pk in enumerate(doc_pks.tolist())}
    idx.languages = languages
    idx.doc_lang = np.array([lang_pos[d.language] for d in docs], dtype=np.int64)
    idx.published = np.array([d.published for d in docs], dtype=bool)
    group_codes: dict[str, int] = {}
    idx.doc_group = np.array(
        [group_codes.setdefault(d.group, len(group_codes)) for d in docs], dtype=np.int64
    )
    idx.passage_ids = pids
    idx.passage_doc = passage_doc.astype(np.int64)
    idx.starts = change.astype(np.int64)
    idx._pid_order = np.argsort(pids, kind="stable")

    # Hook (operations, issue 8): VECTOR_BACKEND=pgvector keeps the vectors in one HNSW index
    # in PostgreSQL shared by all servers; a matrix-like stand-in replaces each matrix here.
    from minamata_kb.search import vector_pgvector

    if vector_pgvector.enabled():
        idx.matrices = vector_pgvector.matrices(pids, embedder_names())
        return idx
    pos_of = {int(p): i for i, p in enumerate(pids.tolist())}  # once for every embedder
    for name in embedder_names():
        matrix = _vectors(name, pos_of)
        if matrix is not None:
            idx.matrices[name] = _partitioned(matrix, idx)
    return idx


def _doc_infos(doc_pks: list[int]) -> list[DocInfo]:
    """The facets of each resource, in the order of `doc_pks` (a resource deleted since the
    passages were read keeps its slot, never shown)."""
    res = {
        r["pk"]: r
        for r in Resource.objects.filter(pk__in=doc_pks).values(
            "pk",
            "external_id",
            "language",
            "published",
            "type__slug",
            "type_label",
            "year",
            "provider__slug",
            "provider_name",
            "regions",
            "translation_group",
        )
    }
    arts: dict[int, list[int]] = {}
    for rid, num in Resource.articles.through.objects.filter(resource_id__in=doc_pks).values_list(
        "resource_id", "article__number"
    ):
        arts.setdefault(rid, []).append(num)
    tops: dict[int, list[str]] = {}
    for rid, slug in Resource.topics.through.objects.filter(resource_id__in=doc_pks).values_list(
        "resource_id", "topic__slug"
    ):
        tops.setdefault(rid, []).append(slug)
    regs: dict[int, set[str]] = {}
    for rid, region in Resource.countries.through.objects.filter(
        resource_id__in=doc_pks
    ).values_list("resource_id", "country__region"):
        if region:
            regs.setdefault(rid, set()).add(region)

    docs: list[DocInfo] = []
    for pk in doc_pks:
        r = res.get(pk)
        if r is None:  # deleted between the two reads; keep the slot, never shown
            docs.append(DocInfo(pk, "", "", False, "", None, "", (), (), (), f"pk:{pk}"))
            continue
        regions = set(regs.get(pk, set())) | {str(x) for x in (r["regions"] or [])}
        docs.append(
            DocInfo(
                pk=pk,
                external_id=r["external_id"],
                language=r["language"],
                published=bool(r["published"]),
                type=r["type__slug"] or r["type_label"] or "",
                year=r["year"],
                provider=r["provider__slug"] or r["provider_name"] or "",
                articles=tuple(sorted(arts.get(pk, []))),
                topics=tuple(sorted(tops.get(pk, []))),
                regions=tuple(sorted(regions)),
                group=r["translation_group"] or f"pk:{pk}",
            )
        )
    return docs


def _vectors(name: str, pos_of: dict[int, int]) -> np.ndarray | None:
    """One embedder's passage vectors as a matrix, a passage at its row `pos_of[id]` (None
    when it has none; a passage without a vector, or with one of another size, stays a zero
    row)."""
    dim = None
    matrix = None
    qs = PassageVector.objects.filter(model=name).values_list("passage_id", "vector")
    for pid, blob in qs.iterator(chunk_size=5000):
        i = pos_of.get(pid)
        if i is None:
            continue
        vec = np.frombuffer(bytes(blob), dtype=np.float32)
        if matrix is None:
            dim = len(vec)
            matrix = np.zeros((len(pos_of), dim), dtype=np.float32)
        if len(vec) == dim:
            matrix[i] = vec
    return matrix


def _partitioned(matrix: np.ndarray, idx: VectorIndex) -> Any:
    """The matrix as it is, or cell by cell from SEARCH_EXACT_BELOW passages (partitions.py)."""
    from django.conf import settings

    if len(matrix) < int(getattr(settings, "SEARCH_EXACT_BELOW", 50_000)):
        return matrix
    from minamata_kb.search.partitions import PartitionedMatrix

    return PartitionedMatrix(matrix, idx.doc_lang[idx.passage_doc])


_lock = threading.Lock()
_cache: dict[str, VectorIndex] = {}


def get_index() -> VectorIndex:
    """The current index for this database, reloaded when another writer changed it."""
    key = connection.settings_dict.get("NAME") or "default"
    version = current_version()
    idx = _cache.get(key)
    if idx is not None and idx.version == version:
        return idx
    with _lock:
        idx = _cache.get(key)
        if idx is None or idx.version != version:
            idx = build(version)
            _cache[key] = idx
        return idx


def invalidate() -> None:
    """Drop every cached index of this process (tests)."""
    with _lock:
        _cache.clear()
