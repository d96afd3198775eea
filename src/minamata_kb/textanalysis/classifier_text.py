"""Building blocks of the statement classifier: the convention profile, paragraphs, keywords,
embeddings of a text, and the example and result types (countries named: countries.py).

Framework-light: reads the profile files and the registry's country names from the data folder
(Django's ``DATA_DIR`` when configured), falling back to the ``Country`` model for names. So
the benchmarks can run the classifier without Django, the registry's models and the search
app's embedders are imported where they are used, not at the top.
"""

from __future__ import annotations

import csv
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

from minamata_kb.core.languages import CONTENT_LANGUAGES
from minamata_kb.textanalysis.statement_cues import is_boilerplate, is_heading

KINDS = ("articles", "topics", "roles")
REPO_ROOT = Path(__file__).resolve().parents[3]


# --------------------------------------------------------------------------- profile


@dataclass(frozen=True)
class Label:
    """One label of the profile (an article, a topic or a role)."""

    kind: str
    key: str | int
    names: tuple[str, ...]
    description: str
    keywords: tuple[str, ...]
    articles: tuple[int, ...] = ()


@dataclass(frozen=True)
class Profile:
    """The labels of a convention profile, by kind."""

    labels: dict[str, tuple[Label, ...]]


def _split_list(value: str | None) -> tuple[str, ...]:
    return tuple(p.strip() for p in (value or "").split(";") if p.strip())


def data_dir() -> Path:
    """The data folder: Django's ``DATA_DIR`` when configured, else the repository's."""
    try:
        from django.conf import settings

        return Path(settings.DATA_DIR)
    except Exception:  # noqa: BLE001 - Django not configured (plain scripts)
        return REPO_ROOT / "data"


def var_dir() -> Path:
    """Where caches go: Django's ``VAR_DIR`` when configured, else the repository's var/."""
    try:
        from django.conf import settings

        return Path(settings.VAR_DIR)
    except Exception:  # noqa: BLE001 - Django not configured (plain scripts)
        return REPO_ROOT / "var"


def load_profile(directory: str | Path | None = None) -> Profile:
    """Read articles, topics and roles from a profile folder (default: the Minamata profile)."""
    return _load_profile(Path(directory) if directory else data_dir() / "profile" / "minamata")


@cache
def _load_profile(directory: Path) -> Profile:

    def rows(name: str) -> list[dict[str, str]]:
        with open(directory / name, encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))

    def labels(kind: str, key: str, name: str) -> tuple[Label, ...]:
        """The labels of `kind`.csv: `key` names the key column, `name` the names' columns
        (`name`_en, `name`_fr ...); a topic also lists the articles it belongs to."""
        return tuple(
            Label(
                kind,
                int(r[key]) if kind == "articles" else r[key],
                tuple(r[f"{name}_{lang}"] for lang in CONTENT_LANGUAGES if r.get(f"{name}_{lang}")),
                r.get("description_en", ""),
                _split_list(r.get("keywords")),
                tuple(int(a) for a in _split_list(r.get("articles"))) if kind == "topics" else (),
            )
            for r in rows(f"{kind}.csv")
            # an article the profile does not propose (the objective, definitions, the
            # institutional and final clauses) is tagged by hand, never proposed
            if (r.get("proposed") or "yes").strip().lower() != "no"
        )

    articles = labels("articles", "number", "title")
    topics = labels("topics", "slug", "name")
    roles = labels("roles", "slug", "name")
    return Profile({"articles": articles, "topics": topics, "roles": roles})


# --------------------------------------------------------------------------- text helpers

# Scripts written without spaces between words (Chinese, Japanese): no word boundaries there.
SPACELESS = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|(?<=[。！？；؟])")


def normalise(text: str) -> str:
    """NFC, and every line ending as \\n."""
    return unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")


def split_paragraphs(text: str, max_chars: int = 700, min_chars: int = 80) -> list[str]:
    """Split a text into paragraphs fit for classification (short ones merged, long ones cut)."""
    blocks = [re.sub(r"\s+", " ", b).strip() for b in re.split(r"\n\s*\n", normalise(text))]
    blocks = [b for b in blocks if b]
    if len(blocks) == 1 and len(blocks[0]) > max_chars and "\n" in text.strip():
        # one block of single-newline lines: treat the lines as paragraphs
        blocks = [re.sub(r"\s+", " ", b).strip() for b in normalise(text).split("\n")]
        blocks = [b for b in blocks if b]
    blocks = _drop_non_statements(blocks)
    pieces: list[str] = []
    for block in blocks:
        if len(block) <= max_chars:
            pieces.append(block)
            continue
        chunk = ""
        for sentence in _SENTENCE_END.split(block):
            while len(sentence) > max_chars:  # no sentence breaks: cut hard
                if chunk:
                    pieces.append(chunk)
                    chunk = ""
                pieces.append(sentence[:max_chars])
                sentence = sentence[max_chars:]
            if chunk and len(chunk) + len(sentence) + 1 > max_chars:
                pieces.append(chunk)
                chunk = sentence
            else:
                chunk = _join(chunk, sentence).strip()
        if chunk:
            pieces.append(chunk)
    merged: list[str] = []
    carry = ""
    for piece in pieces:
        piece = _join(carry, piece) if carry else piece
        size = _weight(piece)
        if size < 30 or (size < min_chars and not _ENDS_SENTENCE.search(piece)):
            carry = piece  # a heading or a fragment: keep it with what follows
            continue
        carry = ""
        merged.append(piece)
    if carry:
        if merged and len(merged[-1]) + len(carry) < max_chars * 1.5:
            merged[-1] = _join(merged[-1], carry)
        else:
            merged.append(carry)
    return merged


_ENDS_SENTENCE = re.compile(r"[.!?。！？؟»\")]\s*$")


def _drop_non_statements(blocks: list[str]) -> list[str]:
    """Without headings, page furniture and signatures: they are no statement, and joined to
    the next paragraph they would lend it their words ("Support provided" over a need)."""
    kept = []
    for i, block in enumerate(blocks):
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        if is_boilerplate(block) or is_heading(block, following):
            continue
        kept.append(block)
    return kept


def _weight(text: str) -> int:
    """Length in Latin-letter terms: a Chinese or Japanese character carries a word's meaning."""
    return len(text) + 2 * len(SPACELESS.findall(text))


def _join(a: str, b: str) -> str:
    """Join two pieces of text, without a space between Chinese or Japanese characters."""
    if not a:
        return b
    if SPACELESS.match(b[:1]) and SPACELESS.search(a[-1:]) or a[-1:] in "。！？；":
        return a + b
    return f"{a} {b}"


def keyword_pattern(term: str) -> re.Pattern[str]:
    """A pattern for a keyword: substring for CJK, word-start (any ending) elsewhere."""
    words = [re.escape(w) for w in re.split(r"[\s\-]+", term.casefold()) if w]
    escaped = r"[\s\-]*".join(words)  # "skin-lightening" = "skin lightening" = "skinlightening"
    if SPACELESS.search(term):
        return re.compile(escaped)
    if re.search(r"[\u0600-\u06ff]", term):
        # the article of a keyword written definite ("الجرد") is one of the prefixes, so the
        # indefinite word of a text ("جرد وطني", "لانبعاثات") matches it too
        if len(words[0]) > 4 and words[0].startswith("ال"):
            escaped = escaped[2:]
        return re.compile(r"(?<![\u0600-\u06ff])(?:[وبلف]|ال|وال|بال|لل)?" + escaped)
    return re.compile(r"(?<!\w)" + escaped)


@cache
def _compiled_keywords(terms: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(keyword_pattern(t) for t in terms if len(t) >= 2)


def keyword_hits(text: str, terms: Sequence[str]) -> int:
    """Number of distinct terms of ``terms`` found in ``text``."""
    folded = normalise(text).casefold()
    return sum(1 for p in _compiled_keywords(tuple(terms)) if p.search(folded))


# --------------------------------------------------------------------------- embeddings


class _Embeddings:
    """USE (cross-lingual) and e5 (within-language) embeddings, unit-normalised."""

    def __init__(self, use_name: str = "use", e5_name: str = "e5") -> None:
        self.use_name = use_name
        self.e5_name = e5_name

    def use(self, texts: Sequence[str]) -> np.ndarray:
        from minamata_kb.search.embedders import get_embedder

        return unit_norm(get_embedder(self.use_name).embed_passages(list(texts)))

    def e5(self, texts: Sequence[str], query: bool = False) -> np.ndarray:
        from minamata_kb.search.embedders import get_embedder

        model = get_embedder(self.e5_name)
        out = model.embed_queries(list(texts)) if query else model.embed_passages(list(texts))
        return unit_norm(out)


def unit_norm(m: np.ndarray) -> np.ndarray:
    m = np.atleast_2d(m)
    return m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-9)


@dataclass
class TextVectors:
    """Passage embeddings of one text (the input of every similarity feature)."""

    use: np.ndarray  # (passages, 512)
    e5: np.ndarray  # (passages, 384)
    cache: dict = field(default_factory=dict, repr=False)

    def doc(self) -> np.ndarray:
        """One unit vector for the whole text (both models, equal weight)."""
        if "doc" not in self.cache:
            u = unit_norm(self.use.mean(axis=0))[0]
            e = unit_norm(self.e5.mean(axis=0))[0]
            self.cache["doc"] = np.concatenate([u, e]) / math.sqrt(2)
        return self.cache["doc"]


def embed_text(text: str, embeddings: _Embeddings | None = None) -> TextVectors:
    """Embed the passages of a text with both models."""
    embeddings = embeddings or default_embeddings()
    passages = split_paragraphs(text, max_chars=500) or [text.strip() or "-"]
    return TextVectors(embeddings.use(passages), embeddings.e5(passages))


@cache
def default_embeddings() -> _Embeddings:
    """The process-wide embedding models (loaded lazily)."""
    return _Embeddings()


# --------------------------------------------------------------------------- examples and results


@dataclass
class Example:
    """A labelled text the classifier may learn from (e.g. a confirmed statement)."""

    text: str
    articles: Sequence[int] = ()
    topics: Sequence[str] = ()
    roles: Sequence[str] = ()
    vectors: TextVectors | None = None

    def labels(self, kind: str) -> set:
        return set(getattr(self, kind))


@dataclass
class Classification:
    """Asserted labels with scores in [0, 1], best first."""

    articles: list[tuple[int, float]] = field(default_factory=list)
    topics: list[tuple[str, float]] = field(default_factory=list)
    roles: list[tuple[str, float]] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    channel: tuple[str, float] | None = None  # the channel the text names (not in as_json)

    def as_json(self) -> dict:
        """The ``classify --json`` shape."""
        return {
            "articles": [{"article": int(a), "score": round(s, 4)} for a, s in self.articles],
            "topics": [{"topic": t, "score": round(s, 4)} for t, s in self.topics],
            "roles": [{"role": r, "score": round(s, 4)} for r, s in self.roles],
            "countries": list(self.countries),
        }
