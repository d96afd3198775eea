"""Partitioned vector scoring for large indexes: an inverted file over k-means cells.

Below ``SEARCH_EXACT_BELOW`` passages the index keeps plain matrices and every passage is scored
for every query. Above it, each embedder's passages of each document language are grouped into
about sqrt(n) cells by spherical k-means (trained on a sample when the index is loaded) and
stored cell by cell. A query then scores the cell centres and, exactly, the passages of its
nearest cells in every language (``PROBE_SHARE`` of each language's cells) plus any passages the
caller names (search names those of its full-text matches), so the work per query is a fraction
of the corpus.

Passages left unscored are given their language's mean score, estimated with each query from a
fixed sample of passages: the ranking (ranking.py) centres scores per language and takes z-scores
against the best documents, and both keep their meaning when the far passages sit at their
language's average rather than at zero. Unscored passages are far from the query by construction,
so they never reach the results on the strength of that estimate.

The object stands where the index keeps a (passages x dim) matrix: ``m @ q``, ``m[rows]``,
``len(m)``, ``m.shape`` and ``np.asarray(m)`` (rows in the index's order) all work.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

PROBE_SHARE = 0.25  # share of each language's cells scored for each query
SAMPLE_ROWS = 2048  # passages scored with every query to estimate each language's mean
TRAIN_PER_CELL = 40  # k-means training rows per cell
ITERATIONS = 8
_CHUNK = 16384


def _unit(m: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (m / norms).astype(np.float32)


def _assign(matrix: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    out = np.empty(len(matrix), dtype=np.int32)
    for i in range(0, len(matrix), _CHUNK):
        out[i : i + _CHUNK] = np.argmax(matrix[i : i + _CHUNK] @ centroids.T, axis=1)
    return out


def kmeans(matrix: np.ndarray, cells: int, seed: int = 0) -> np.ndarray:
    """Unit centroids of ``cells`` spherical k-means cells trained on a sample of ``matrix``."""
    rng = np.random.default_rng(seed)
    n = len(matrix)
    cells = min(cells, n)
    take = min(n, cells * TRAIN_PER_CELL)
    sample = matrix[np.sort(rng.choice(n, size=take, replace=False))] if take < n else matrix
    centroids = _unit(sample[rng.choice(len(sample), size=cells, replace=False)].copy())
    for _ in range(ITERATIONS):
        labels = _assign(sample, centroids)
        order = np.argsort(labels, kind="stable")
        sorted_labels = labels[order]
        present, starts = np.unique(sorted_labels, return_index=True)
        sums = np.add.reduceat(sample[order], starts, axis=0)
        fresh = centroids.copy()
        fresh[present] = sums
        empty = np.setdiff1d(np.arange(cells), present)
        if len(empty):  # an empty cell restarts at a random training row
            fresh[empty] = sample[rng.choice(len(sample), size=len(empty), replace=False)]
        centroids = _unit(fresh)
    return centroids


class PartitionedMatrix:
    """A passage matrix stored cell by cell, scored only where a query can match (module doc)."""

    def __init__(self, matrix: np.ndarray, groups: np.ndarray, seed: int = 0) -> None:
        n = len(matrix)
        if n == 0:
            raise ValueError("a partitioned matrix needs at least one row")
        groups = np.asarray(groups, dtype=np.int64)
        labels = np.empty(n, dtype=np.int64)
        centroids = []
        # Cells never mix languages: multilingual embeddings sit closer to their own language,
        # so one set of cells would send a query to cells of its language alone and miss the
        # documents in other languages that cross-lingual search is for. Each language gets
        # its own cells and every query probes the nearest ones of every language.
        self.group_cells: list[tuple[int, int, int]] = []  # (first cell, end, cells probed)
        first = 0
        for g in np.unique(groups).tolist():
            rows = np.flatnonzero(groups == g)
            sub = matrix[rows]
            cells = int(min(max(round(math.sqrt(len(rows))), 1), 4096))
            cents = kmeans(sub, cells, seed)
            labels[rows] = first + _assign(sub, cents)
            centroids.append(cents)
            self.group_cells.append((first, first + cells, max(1, math.ceil(cells * PROBE_SHARE))))
            first += cells
        self.centroids = np.vstack(centroids)
        self.perm = np.argsort(labels, kind="stable")  # stored row i is index row perm[i]
        self.inv = np.empty(n, dtype=np.int64)
        self.inv[self.perm] = np.arange(n)
        self.data = np.ascontiguousarray(matrix[self.perm])
        offsets = np.searchsorted(labels[self.perm], np.arange(first + 1)).tolist()
        self.bounds = list(zip(offsets[:-1], offsets[1:], strict=True))  # each cell's rows
        self.stored_groups = groups[self.perm]
        self.n_groups = int(groups.max()) + 1
        rows = np.linspace(0, n - 1, num=min(n, SAMPLE_ROWS)).astype(np.int64)
        self.sample = np.ascontiguousarray(self.data[rows])
        self.sample_groups = self.stored_groups[rows]

    @property
    def shape(self) -> tuple[int, int]:
        return self.data.shape

    def __len__(self) -> int:
        return len(self.data)

    def __getitem__(self, key: Any) -> np.ndarray:
        return self.data[self.inv[key]]

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        out = self.data[self.inv]
        return out.astype(dtype) if dtype is not None else out

    def _fill(self, query: np.ndarray) -> np.ndarray:
        """Each stored row's language mean score, estimated from the fixed sample."""
        scores = self.sample @ query
        counts = np.bincount(self.sample_groups, minlength=self.n_groups)
        sums = np.bincount(self.sample_groups, weights=scores, minlength=self.n_groups)
        overall = float(scores.mean()) if len(scores) else 0.0
        means = np.where(counts > 0, sums / np.maximum(counts, 1), overall).astype(np.float32)
        return means[self.stored_groups]

    def scores(self, query: np.ndarray, extra: np.ndarray | None = None) -> np.ndarray:
        """Score per index row: exact for the nearest cells and ``extra`` rows, else estimated."""
        stored = self._fill(query)  # scores in storage order, where each cell is one slice
        near = self.centroids @ query
        for first, end, probe in self.group_cells:
            for c in (first + np.argpartition(-near[first:end], probe - 1)[:probe]).tolist():
                s, e = self.bounds[c]
                np.matmul(self.data[s:e], query, out=stored[s:e])
        if extra is not None and len(extra):
            rows = self.inv[extra]
            stored[rows] = self.data[rows] @ query
        return stored[self.inv]

    def __matmul__(self, query: np.ndarray) -> np.ndarray:
        return self.scores(query)


def passage_scores(matrix: Any, query: np.ndarray, extra: np.ndarray | None = None) -> np.ndarray:
    """``matrix @ query``, with the rows in ``extra`` scored exactly where the matrix is
    partitioned (a plain matrix scores every row anyway)."""
    if isinstance(matrix, PartitionedMatrix):
        return matrix.scores(query, extra)
    return matrix @ query
