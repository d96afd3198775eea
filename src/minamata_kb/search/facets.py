"""Facets: the filters a search takes, the documents of the index they keep, and the counts
per facet value shown beside the results."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from minamata_kb.search.index import VectorIndex

FACETS = ("type", "language", "article", "topic", "region", "provider", "year")


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


def filter_mask(idx: VectorIndex, f: Filters) -> np.ndarray:
    """The index's documents that pass every filter."""
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


def facet_counts(idx: VectorIndex, mask: np.ndarray) -> dict[str, list[tuple[Any, int]]]:
    """The 20 most frequent values of each facet among the masked documents, with counts."""
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
