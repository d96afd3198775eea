"""The term bank: the Convention's vocabulary in the six UN languages, for cross-lingual
full-text search that does not depend on an embedding model.

A *concept* is a set of terms that say the same thing in different languages ("dental
amalgam", "amalgame dentaire", "牙科汞合金", «ملغم الأسنان» ...). A query that contains every
word of one of a concept's terms is expanded with all the concept's terms (services runs them
as a second full-text query, the "expanded" signal of ranking.blend), so a Chinese query
finds the English and French guides on the same subject by their words.

Sources, each entry keeps its own (``Term.source``):
- ``terms.csv`` of the convention profile: the Convention's own terms, written for the project
  (source ``convention:<article or annex>`` says where the Convention uses the term);
- ``topics.csv``: each topic's name in the six languages (source ``topics.csv:<slug>``);
- ``articles.csv``: the headings, in the six languages, of the articles the profile proposes
  (its ``proposed`` column: 3 to 22 and 30; procedural headings such as "Signature" add noise)
  (source ``articles.csv:<number>``).
- ``everyday_terms.csv``: the plain words people search with where the Convention has a term of
  its own ("silver fillings", «vif-argent», 水银, "polluted land"), each with what it means in
  the Convention's words in the same language (source ``team:everyday``). They are not
  concepts: ``augment`` adds the meaning to a query that uses them, so the query's own full
  text, its embeddings and the expansion all see the Convention's term as well.
The demo's translation pairs are deliberately NOT used: they are the independent measure of
benchmarks/search_independent.py, which would otherwise measure the term bank against itself.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from minamata_kb.core.languages import CONTENT_LANGUAGES, detect_language
from minamata_kb.search import text as T
from minamata_kb.taxonomy.refdata import profile_dir

MAX_GROUPS = 48  # expansion terms per query (each is one AND group in the full-text query)


@dataclass(frozen=True)
class Term:
    concept: str
    lang: str
    text: str
    source: str
    words: tuple[str, ...]  # index-comparable words (text.query_terms)


def _same(a: str, b: str) -> bool:
    """Whether two words are forms of one (amalgams ~ amalgam, ртути ~ ртуть, not interim ~
    interdiction): equal, or sharing all but the last three letters of the longer one."""
    if a == b:
        return True
    if T.has_cjk(a) or T.has_cjk(b) or min(len(a), len(b)) < 4:
        return False
    common = len(os.path.commonprefix([a, b]))
    return common >= max(4, max(len(a), len(b)) - 3)


@dataclass(frozen=True)
class Everyday:
    """A plain word for something the Convention names otherwise, in one language."""

    lang: str
    text: str
    means: str  # the Convention's words for it, same language
    source: str
    words: tuple[str, ...]
    means_words: tuple[str, ...]


def _form(a: str, b: str) -> bool:
    """Whether two words are forms of one, strictly: one letter apart at the end, two in a
    word of eight letters or more (webinars ~ webinar, загрязненные ~ загрязненных; not
    clinics ~ clinker, traité ~ trains nor smelters ~ smelting, which _same lets through)."""
    if a == b:
        return True
    if T.has_cjk(a) or T.has_cjk(b) or min(len(a), len(b)) < 4:
        return False
    longest = max(len(a), len(b))
    return len(os.path.commonprefix([a, b])) >= longest - (2 if longest >= 8 else 1)


def _contains(words: list[str], raw: str, term_words: tuple[str, ...], text: str) -> bool:
    """Whether a query (its words, and its text without spaces) contains a plain word: a
    Chinese one as a substring, any other as every one of its words (``_form``)."""
    cjk = "".join(text.split())
    if T.has_cjk(cjk):
        return len(cjk) >= 2 and cjk in raw
    return bool(term_words) and all(any(_form(w, q) for q in words) for w in term_words)


class TermBank:
    def __init__(self, terms: list[Term], everyday: list[Everyday] | None = None):
        self.terms = terms
        self.everyday = everyday or []
        self.by_concept: dict[str, list[Term]] = {}
        # Terms by the first four letters of each word (two words are forms of one only when
        # those agree, see _same), and the Chinese ones: a query looks at a few terms, not all.
        self._by_prefix: dict[str, list[Term]] = {}
        self._cjk: list[Term] = []
        for t in terms:
            self.by_concept.setdefault(t.concept, []).append(t)
            if T.has_cjk(t.text):
                self._cjk.append(t)
            for w in set(t.words):
                self._by_prefix.setdefault(w[:4], []).append(t)

    def concepts(self, query: str) -> list[str]:
        """Concepts one of whose terms the query contains (every word of it). A concept matched
        by one word or a Chinese substring that lies inside another concept's match is
        dropped ("牙科汞合金" is dental amalgam, not also amalgam and dentistry)."""
        words = T.query_terms(query)
        raw = "".join(query.split())
        covers: dict[str, frozenset[tuple[str, int]]] = {}
        narrow: set[str] = set()  # matched by one word or a Chinese substring: droppable
        candidates: dict[str, list[Term]] = {}
        seen: set[int] = set()
        pools = [self._by_prefix.get(w[:4], []) for w in words]
        if T.has_cjk(raw):
            pools.append(self._cjk)
        for pool in pools:
            for t in pool:
                if id(t) not in seen:
                    seen.add(id(t))
                    candidates.setdefault(t.concept, []).append(t)
        for concept, terms in candidates.items():
            best: frozenset[tuple[str, int]] = frozenset()
            best_narrow = False
            for t in terms:
                if not t.words:
                    continue
                cjk = "".join(t.text.split())
                if T.has_cjk(cjk) and len(cjk) >= 2 and cjk in raw:
                    start = raw.index(cjk)
                    cover = frozenset(("c", i) for i in range(start, start + len(cjk)))
                else:
                    hits = [[i for i, q in enumerate(words) if _same(w, q)] for w in t.words]
                    if not all(hits):
                        continue
                    cover = frozenset(("w", i) for h in hits for i in h)
                if len(cover) > len(best):
                    best, best_narrow = cover, next(iter(cover))[0] == "c" or len(t.words) == 1
            if best:
                covers[concept] = best
                if best_narrow:
                    narrow.add(concept)
        return [
            c
            for c, cover in covers.items()
            if c not in narrow or not any(cover < other for d, other in covers.items() if d != c)
        ]

    def augment(self, query: str, meanings: list[str] | None = None) -> str:
        """The query with the Convention's words for the plain words it uses ("silver
        fillings" -> "silver fillings dental amalgam"); ``meanings``: already found."""
        added = self.meanings(query) if meanings is None else meanings
        return f"{query} {' '.join(added)}" if added else query

    def meanings(self, query: str) -> list[str]:
        """The Convention's words for the plain words the query uses, each once and only
        when the query lacks it; only the plain words of the query's language (a French
        «manuel» is no English "manual")."""
        if not self.everyday:
            return []
        words = T.query_terms(query)
        raw = "".join(query.split())
        lang = detect_language(query)
        added: list[str] = []
        for e in self.everyday:
            if e.lang != lang or not _contains(words, raw, e.words, e.text):
                continue
            if e.means in added or _contains(words, raw, e.means_words, e.means):
                continue
            added.append(e.means)
        return added

    def expand(self, query: str, skip_language: str | None = None) -> list[Term]:
        """The terms of every concept the query contains, most specific concepts first (more
        words), at most MAX_GROUPS; one entry per distinct word tuple. ``skip_language``:
        leave out the terms of that language (the query's own words already cover it)."""
        found = self.concepts(query)
        ranked = sorted(found, key=lambda c: -max(len(t.words) for t in self.by_concept[c]))
        out: list[Term] = []
        seen: set[tuple[str, ...]] = set()
        for c in ranked:
            for t in self.by_concept[c]:
                if t.words and t.words not in seen and t.lang != skip_language:
                    seen.add(t.words)
                    out.append(t)
        return out[:MAX_GROUPS]


def _term(concept: str, lang: str, text: str, source: str) -> Term:
    return Term(concept, lang, text.strip(), source, tuple(T.query_terms(text)))


def load(folder: Path) -> TermBank:
    """Read the term bank from a convention profile folder; ValueError names the bad line."""
    terms: list[Term] = []
    for row in _checked_rows(folder / "terms.csv", ("concept", "lang", "term", "source")):
        terms.append(_term(row["concept"], row["lang"], row["term"], row["source"]))
    topics = folder / "topics.csv"
    if topics.exists():
        with topics.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                for lang in CONTENT_LANGUAGES:
                    name = (row.get(f"name_{lang}") or "").strip()
                    if name:
                        src = f"topics.csv:{row['slug']}"
                        terms.append(_term(f"topic:{row['slug']}", lang, name, src))
    articles = folder / "articles.csv"
    if articles.exists():
        with articles.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if (row.get("proposed") or "yes").strip().lower() == "no":
                    continue
                for lang in CONTENT_LANGUAGES:
                    title = (row.get(f"title_{lang}") or "").strip()
                    if title:
                        src = f"articles.csv:{row['number']}"
                        terms.append(_term(f"article:{row['number']}", lang, title, src))
    return TermBank(terms, _load_everyday(folder / "everyday_terms.csv"))


def _checked_rows(path: Path, columns: tuple[str, ...]) -> Iterator[dict[str, str]]:
    """The rows of one of the profile's term files (none when it is absent), stripped;
    ValueError names the line that lacks a column or has a language not among the six."""
    if not path.exists():
        return
    with path.open(encoding="utf-8", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh), start=2):
            values = {c: (row.get(c) or "").strip() for c in columns}
            if not all(values.values()) or values["lang"] not in CONTENT_LANGUAGES:
                raise ValueError(
                    f"{path}, line {n}: each row needs {', '.join(columns)}, lang one of "
                    f"{', '.join(CONTENT_LANGUAGES)}"
                )
            yield values


def _load_everyday(path: Path) -> list[Everyday]:
    """``everyday_terms.csv`` (lang, term, means, source); ValueError names the bad line."""
    return [
        Everyday(
            r["lang"],
            r["term"],
            r["means"],
            r["source"],
            tuple(T.query_terms(r["term"])),
            tuple(T.query_terms(r["means"])),
        )
        for r in _checked_rows(path, ("lang", "term", "means", "source"))
    ]


@lru_cache(maxsize=1)
def get_termbank() -> TermBank:
    """The term bank of the installed convention profile (empty when it has none)."""
    return load(profile_dir())
