"""Full-text index per database: SQLite FTS5 or PostgreSQL tsvector, one small interface.

Both index the passage's resource title and the passage text, Chinese pre-segmented with jieba
(text.segment). User queries never reach the engine's syntax: text.query_terms reduces them to
plain words first (quoted for FTS5; on PostgreSQL passed as parameters, one tsquery each).

Both score alike: each query term (or term-bank term) counts by its rarity. SQLite's bm25
does it itself; PostgreSQL's ts_rank knows no document frequency (a word in every passage,
"mercury", weighs as much as "amalgam"), so ``search`` and ``search_groups`` rank each term
alone and sum the ranks weighed by bm25's idf, the term's passage count taken from the same
matches. PostgreSQL also indexes the text folded as the queries are (text.fold: lower case, no
diacritics, as FTS5's ``remove_diacritics 2``), so «évaluations» typed either way finds it.
Measured (benchmarks/search_cv.py): PostgreSQL's held-out nDCG@10 0.867 -> 0.880 same-
language, 0.839 -> 0.838 cross-lingual.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from minamata_kb.search import text as T

TABLE = "search_passage_fts"
LEXICAL_LIMIT = 300

# PostgreSQL text-search configurations by content language; others use 'simple'.
PG_CONFIGS = {
    "en": "english",
    "fr": "french",
    "es": "spanish",
    "ru": "russian",
    "ar": "arabic",
    "pt": "portuguese",
    "de": "german",
    "it": "italian",
    "nl": "dutch",
    "sv": "swedish",
}
PG_QUERY_CONFIGS = ("simple", "english", "french", "spanish", "russian", "arabic")

VOCAB = f"{TABLE}_vocab"
TOKENIZE = "porter unicode61 remove_diacritics 2"
SQLITE_DDL = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(title, body, tokenize = '{TOKENIZE}')",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {VOCAB} USING fts5vocab({TABLE}, 'row')",
]
# A term in more passages than this adds almost nothing to bm25 (its idf is near zero) but
# makes the engine score every one of them; such terms are dropped when rarer ones remain.
COMMON_MIN = 2000
COMMON_SHARE = 0.05
PG_DDL = [
    f"CREATE TABLE IF NOT EXISTS {TABLE} ("
    # No foreign key: Django's flush (TransactionTestCase, `manage flush`) TRUNCATEs only the
    # tables it knows, and PostgreSQL refuses to truncate a table another one references.
    "passage_id bigint PRIMARY KEY, tsv tsvector NOT NULL)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_gin ON {TABLE} USING gin(tsv)",
]


def create_table(schema_editor: BaseDatabaseSchemaEditor | None = None) -> None:
    """Create the vendor's full-text table (called by migration 0002)."""
    conn = schema_editor.connection if schema_editor else connection
    ddl = PG_DDL if conn.vendor == "postgresql" else SQLITE_DDL
    with conn.cursor() as cur:
        for stmt in ddl:
            cur.execute(stmt)


def drop_table(schema_editor: BaseDatabaseSchemaEditor | None = None) -> None:
    conn = schema_editor.connection if schema_editor else connection
    with conn.cursor() as cur:
        if conn.vendor == "sqlite":
            cur.execute(f"DROP TABLE IF EXISTS {VOCAB}")
        cur.execute(f"DROP TABLE IF EXISTS {TABLE}")


_stem_local = threading.local()


def _stems(terms: list[str]) -> list[str | None]:
    """Each term as the FTS5 tokenizer stores it (porter), using a private in-memory FTS5."""
    conn = getattr(_stem_local, "conn", None)
    if conn is None:
        conn = sqlite3.connect(":memory:", check_same_thread=False)
        conn.execute(f"CREATE VIRTUAL TABLE s USING fts5(t, tokenize = '{TOKENIZE}')")
        conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(s, 'instance')")
        _stem_local.conn = conn
    conn.execute("DELETE FROM s")
    conn.executemany("INSERT INTO s(rowid, t) VALUES (?, ?)", list(enumerate(terms)))
    found: dict[int, str] = {}
    for term, doc in conn.execute("SELECT term, doc FROM v ORDER BY doc, offset"):
        found.setdefault(int(doc), term)
    return [found.get(i) for i in range(len(terms))]


def _doc_frequency(stems: Iterable[str | None]) -> dict[str, int] | None:
    """In how many passages each stem stands (the vocabulary table), or None when no term has
    a stem to ask for."""
    wanted = sorted({s for s in stems if s})
    if not wanted:
        return None
    marks = ",".join(["%s"] * len(wanted))
    with connection.cursor() as cur:
        cur.execute(f"SELECT term, doc FROM {VOCAB} WHERE term IN ({marks})", wanted)  # noqa: S608
        return {t: int(d) for t, d in cur.fetchall()}


def selective_terms(terms: list[str], total: int) -> list[str]:
    """Drop terms absent from the index and, at scale, terms in most passages (SQLite)."""
    if not terms or connection.vendor != "sqlite":
        return terms
    stems = _stems(terms)
    df = _doc_frequency(stems)
    if df is None:
        return []
    limit = max(COMMON_MIN, COMMON_SHARE * total)
    counted = [(df.get(s or "", 0), t) for t, s in zip(terms, stems, strict=True)]
    keep = [t for n, t in counted if 0 < n <= limit]
    if keep:
        return keep
    rare = sorted((n, t) for n, t in counted if 0 < n <= total / 2)
    return [rare[0][1]] if rare else []


def delete(passage_ids: Sequence[int]) -> None:
    """Remove passages from the full-text index."""
    ids = [int(i) for i in passage_ids]
    if not ids:
        return
    key = "passage_id" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cur:
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join(["%s"] * len(chunk))
            cur.execute(f"DELETE FROM {TABLE} WHERE {key} IN ({marks})", chunk)  # noqa: S608


def clear() -> None:
    """Empty the full-text index (reindex)."""
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {TABLE}")  # noqa: S608


def pg_text(text: str) -> str:
    """What PostgreSQL indexes and searches for ``text``: index_text, then folded like the
    queries' terms (text.query_terms), so a diacritic typed or not matches the same way."""
    return T.fold(T.index_text(text))


def _pg_ranked(
    terms_sql: str, params: list[Any], total: int, limit: int, rarest: bool
) -> list[tuple[int, float]]:
    """(passage_id, score) on PostgreSQL: per passage, the sum over the query's terms of
    bm25's idf (the term in ``n`` of N passages) times the term's ts_rank there.

    ``terms_sql`` selects the terms' tsqueries as ``(i, q)``. As on SQLite (selective_terms),
    a term in more passages than max(COMMON_MIN, COMMON_SHARE * N) adds almost nothing but
    costs a rank for each of them: it is dropped, and when no other term is left, ``rarest``
    keeps the rarest one (if in at most half the passages)."""
    n_passages = _pg_passages(total)
    common = max(COMMON_MIN, COMMON_SHARE * n_passages)
    fallback = (
        "UNION ALL (SELECT i, q, n FROM t WHERE n > 0 AND n <= %s AND NOT EXISTS "
        "(SELECT 1 FROM t WHERE n > 0 AND n <= %s) ORDER BY n, i LIMIT 1)"
        if rarest
        else ""
    )
    sql = (
        f"WITH t0 AS MATERIALIZED ({terms_sql}), "  # noqa: S608
        "t AS MATERIALIZED (SELECT i, q, (SELECT count(*) FROM (SELECT 1 FROM "
        f"{TABLE} WHERE tsv @@ t0.q LIMIT %s) AS c) AS n FROM t0), "
        f"k AS (SELECT i, q, n FROM t WHERE n > 0 AND n <= %s {fallback}) "
        # OFFSET 0: the ranks are computed below the sum, which then holds numbers, not
        # the tsvectors.
        "SELECT passage_id, sum(r) FROM (SELECT passage_id, "
        "ln(1 + (%s::float8 - k.n + 0.5) / (k.n + 0.5)) * ts_rank(tsv, k.q) AS r "
        f"FROM {TABLE} JOIN k ON tsv @@ k.q OFFSET 0) AS j "
        "GROUP BY passage_id ORDER BY 2 DESC, 1 LIMIT %s"
    )
    half = n_passages // 2
    # A term in more passages than both limits is never kept: its count can stop there.
    cap = int(max(common, half)) + 1
    args = [*params, cap, common, *([half, common] if rarest else []), n_passages, limit]
    with connection.cursor() as cur:
        cur.execute(sql, args)
        return [(int(pid), float(score) + 1e-9) for pid, score in cur.fetchall()]


def _pg_passages(total: int) -> int:
    """The number of indexed passages (bm25's N): ``total`` when the caller knows it."""
    if total > 0:
        return total
    with connection.cursor() as cur:
        cur.execute(f"SELECT count(*) FROM {TABLE}")  # noqa: S608
        return max(int(cur.fetchone()[0]), 1)


def insert(rows: Iterable[tuple[int, str, str, str]]) -> None:
    """Index (passage_id, language, title, text) rows."""
    rows = list(rows)
    if not rows:
        return
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.executemany(
                f"INSERT INTO {TABLE} (passage_id, tsv) VALUES (%s, "  # noqa: S608
                "setweight(to_tsvector(%s::regconfig, %s), 'A') || "
                "to_tsvector(%s::regconfig, %s))",
                [
                    (pid, cfg, pg_text(title), cfg, pg_text(body))
                    for pid, lang, title, body in rows
                    for cfg in [PG_CONFIGS.get(lang, "simple")]
                ],
            )
        else:
            cur.executemany(
                f"INSERT INTO {TABLE} (rowid, title, body) VALUES (%s, %s, %s)",  # noqa: S608
                [(pid, T.index_text(title), T.index_text(body)) for pid, lang, title, body in rows],
            )


def search(query: str, limit: int = LEXICAL_LIMIT, total: int = 0) -> list[tuple[int, float]]:
    """(passage_id, score) pairs, best first; score higher is better, always > 0.

    ``total`` is the number of indexed passages (SQLite: for dropping near-universal terms;
    PostgreSQL: bm25's N, counted when 0)."""
    if connection.vendor == "postgresql":
        # Each term parsed in every query configuration (the query's words may be in any
        # language), so one term is one tsquery whatever its stems.
        terms = T.query_terms(query)
        if not terms:
            return []
        one = " || ".join(f"to_tsquery('{cfg}', w)" for cfg in PG_QUERY_CONFIGS)
        terms_sql = (
            f"SELECT i, q FROM (SELECT i, {one} AS q FROM unnest(%s::text[]) WITH ORDINALITY "  # noqa: S608
            "AS u(w, i)) AS s WHERE numnode(q) > 0"
        )
        return _pg_ranked(terms_sql, [terms], total, limit, rarest=True)
    terms = selective_terms(T.query_terms(query), total)
    if not terms:
        return []
    match = " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT rowid, bm25({TABLE}, 2.0, 1.0) FROM {TABLE} "  # noqa: S608
            f"WHERE {TABLE} MATCH %s ORDER BY 2, 1 LIMIT %s",
            [match, limit],
        )
        return [(int(pid), -float(score) + 1e-9) for pid, score in cur.fetchall()]


def search_groups(
    groups: Sequence[tuple[str, Sequence[str], str]], limit: int = LEXICAL_LIMIT, total: int = 0
) -> list[tuple[int, float]]:
    """(passage_id, score) of passages matching any group, best first (score > 0).

    A group is one term of the term bank: (language, its words as text.query_terms gives
    them, its text). A passage matches a group when it holds every word of it (PostgreSQL:
    the term's text parsed with its language's configuration, so stemmed in that language).
    """
    groups = [g for g in groups if g[1]]
    if not groups:
        return []
    if connection.vendor == "postgresql":
        params: list[str] = []
        for lang, _words, text in groups:
            params += [PG_CONFIGS.get(lang, "simple"), pg_text(text)]
        values = ", ".join(["(%s::regconfig, %s)"] * len(groups))
        terms_sql = (
            "SELECT row_number() OVER () AS i, q FROM (SELECT DISTINCT q FROM "  # noqa: S608
            f"(SELECT plainto_tsquery(c, x) AS q FROM (VALUES {values}) AS v(c, x)) AS g "
            "WHERE numnode(q) > 0) AS s"
        )
        return _pg_ranked(terms_sql, params, total, limit, rarest=False)
    words = sorted({w for g in groups for w in g[1]})
    stems = dict(zip(words, _stems(words), strict=True))
    df = _doc_frequency(stems.values())
    if df is None:
        return []
    common = max(COMMON_MIN, COMMON_SHARE * total)
    clauses: list[str] = []
    for _lang, gwords, _text in groups:
        counts = [df.get(stems.get(w) or "", 0) for w in gwords]
        if not all(counts):
            continue  # a word no passage holds: the group cannot match
        keep = [w for w, n in zip(gwords, counts, strict=True) if n <= common]
        if not keep:
            continue  # only near-universal words ("mercure" alone): no evidence, all cost
        clause = " AND ".join('"' + w.replace('"', '""') + '"' for w in keep)
        clauses.append(f"({clause})" if len(keep) > 1 else clause)
    if not clauses:
        return []
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT rowid, bm25({TABLE}, 2.0, 1.0) FROM {TABLE} "  # noqa: S608
            f"WHERE {TABLE} MATCH %s ORDER BY 2, 1 LIMIT %s",
            [" OR ".join(dict.fromkeys(clauses)), limit],
        )
        return [(int(pid), -float(score) + 1e-9) for pid, score in cur.fetchall()]
