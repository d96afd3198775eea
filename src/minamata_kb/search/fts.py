"""Full-text index per database: SQLite FTS5 or PostgreSQL tsvector, one small interface.

Both index the passage's resource title and the passage text, Chinese pre-segmented with jieba
(text.segment). User queries never reach the engine's syntax: text.query_terms reduces them to
plain words first (quoted for FTS5; on PostgreSQL passed as parameters, one tsquery each).

Both score alike, with bm25 (k1 1.2, b 0.75): each query term (or term-bank term) counts by
its rarity, its repeats saturate and a long passage is discounted. SQLite's FTS5 computes it;
PostgreSQL has no bm25 (ts_rank knows no document frequency: a word in every passage,
"mercury", weighs as much as "amalgam"), so ``search`` and ``search_groups`` match each term
alone and compute bm25 from its passage count, its weighed occurrences (ts_rank_cd: a title
occurrence ten, a text one one, PostgreSQL's own weights, where FTS5 weighs the title twice)
and the passage's length in lexemes. PostgreSQL also indexes the text folded as the queries
are (text.fold: lower case, no diacritics, as FTS5's ``remove_diacritics 2``), so
«évaluations» typed either way finds it.

Measured on ../shared/eval (2026-12-06, PostgreSQL; before: the idf-weighed ts_rank per term):
the matcher, which searches with a need's whole text (benchmarks/match_quality.py with
DATABASE_URL), nDCG@10 0.585 -> 0.665 (SQLite 0.675), its text evidence alone 0.554 -> 0.639
(SQLite 0.630); held out (match_cv.py --fixed-gates --across) 0.597 -> 0.664 (SQLite 0.672);
search held out (search_quality.py --database-url) 0.899 / 0.847 -> 0.882 / 0.864
same-language / cross-lingual (the old ranking's lead there rests on its division by stems:
without it 0.864 / 0.825). Tried, search held out / matcher: FTS5's title weight 2 (not
kept) 0.869 / 0.838, 0.656; title weight 5 or 20 0.881 / 0.862 or 0.883 /
0.862, 0.664 or 0.665; b 0 0.865 / 0.858, 0.661; b 1 0.884 / 0.872, 0.665; k1 2 or 0.5
matcher 0.647 or 0.653; bm25 for the query's words with ts_rank for the term bank 0.880 /
0.831, 0.665; ts_rank normalisation 1, 2, 8 or 16, ts_rank_cd alone, ts_rank with the title
weighed twice: matcher 0.566 to 0.603. The title weight and b were chosen after measuring:
with the choice among the 13 search variants made inside the folds, 0.884 / 0.840; among the
25 matcher variants on the other 11 needs, 0.656. Latency at 100,000 passages: README.

Tried for speed and not kept (2026-12-06, at 4c484fb; held out same-language / cross-lingual,
then the mean over ten other fold assignments): the frequency from ``ts_rank``, which reads
the same positions (it sums each occurrence's weight over j squared, j its rank in the word's
positions) and ranks a term of several words (term bank) by their proximity. Taken as it is
(times pi^2/6 and the term's stems, so one text occurrence counts 1, a title one 10, repeats
adding at most 0.64): 0.860 / 0.841, mean 0.873 / 0.838, against ts_rank_cd's 0.883 / 0.862,
mean 0.880 / 0.859. The count decoded exactly from that sum (a title's occurrences, then the
text's; ts_rank_cd kept for terms of several words): 0.883 / 0.846, mean 0.875 / 0.852
(in-sample and whole-set choice unchanged: scores within 0.05 of an occurrence move the folds'
choices by that much), matcher 0.662 either way, and no faster. In-process on search_speed.py's
100,000 passages (600 queries, own words and term bank, each variant back to back on every
query), ts_rank_cd's frequency costs 9 to 10 ms of the full text's 80 ms mean (measured with
a constant frequency), ts_rank taken as it is 3 to 6 ms less, the decoded count -0.2 +/- 1.5
ms. Most of the rest is counting each term's passages for its idf.
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
    _pg_sizes.clear()
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
    _pg_sizes.clear()
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {TABLE}")  # noqa: S608


def pg_text(text: str) -> str:
    """What PostgreSQL indexes and searches for ``text``: index_text, then folded like the
    queries' terms (text.query_terms), so a diacritic typed or not matches the same way."""
    return T.fold(T.index_text(text))


# bm25's constants as FTS5 uses them (k1: how fast a term's repeats saturate; b: how much a
# passage longer than the average is discounted). PostgreSQL's own weights stay: a title
# occurrence ('A', 1.0) counts as ten body occurrences ('D', 0.1) before saturation.
BM25_K1 = 1.2
BM25_B = 0.75
PG_WEIGHTS = "{0.1, 0.1, 0.1, 1.0}"  # ts_rank_cd's D, C, B, A


def _pg_ranked(
    terms_sql: str, params: list[Any], total: int, limit: int, rarest: bool
) -> list[tuple[int, float]]:
    """(passage_id, score) on PostgreSQL: bm25 per passage, the sum over the query's terms of
    the term's idf (in ``n`` of N passages) times its saturated, length-normalised frequency.

    The frequency is ``ts_rank_cd`` of the term alone (one query term's tsquery is an OR of
    its stems in the six query configurations): the weighed count of its occurrences, 10 in
    the title and 1 in the text, each occurrence once whatever the number of its stems.
    ``ts_rank`` was not: it divides by the tsquery's distinct stems (a word stemmed three ways
    counted a third) and saturates the title apart (one title word weighed ten of the text's,
    so a long query's best passages were those with one of its words in the title). The
    passage's length is its distinct lexemes (``length(tsv)``) against their average.

    ``terms_sql`` selects the terms' tsqueries as ``(i, q)``. As on SQLite (selective_terms),
    a term in more passages than max(COMMON_MIN, COMMON_SHARE * N) adds almost nothing but
    costs a rank for each of them: it is dropped, and when no other term is left, ``rarest``
    keeps the rarest one (if in at most half the passages)."""
    n_passages, avg_length = _pg_corpus(total)
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
        # OFFSET 0: the frequencies are computed below the sum, which then holds numbers,
        # not the tsvectors.
        "SELECT passage_id, sum(ln(1 + (%s::float8 - n + 0.5) / (n + 0.5)) * f * (%s + 1) "
        "/ (f + %s * (1 - %s + %s * len / %s))) FROM (SELECT passage_id, k.n, "
        "10 * ts_rank_cd(%s::float4[], tsv, k.q) AS f, length(tsv) AS len "
        f"FROM {TABLE} JOIN k ON tsv @@ k.q OFFSET 0) AS j "
        "GROUP BY passage_id ORDER BY 2 DESC, 1 LIMIT %s"
    )
    half = n_passages // 2
    # A term in more passages than both limits is never kept: its count can stop there.
    cap = int(max(common, half)) + 1
    k1, b = BM25_K1, BM25_B
    args = [
        *params,
        cap,
        common,
        *([half, common] if rarest else []),
        n_passages,
        k1,
        k1,
        b,
        b,
        avg_length,
        PG_WEIGHTS,
        limit,
    ]
    with connection.cursor() as cur:
        cur.execute(sql, args)
        return [(int(pid), float(score) + 1e-9) for pid, score in cur.fetchall()]


# (database, N) -> N and the passages' average length in lexemes: counting them reads every
# row (about 30-60 ms at 100,000 passages), so once per index size; fts.insert, delete and
# clear forget it.
_pg_sizes: dict[tuple[str, int], tuple[int, float]] = {}


def _pg_corpus(total: int) -> tuple[int, float]:
    """The number of indexed passages (bm25's N; ``total`` when the caller knows it) and their
    average length in distinct lexemes."""
    key = (str(connection.settings_dict.get("NAME")), total)
    if total <= 0 or key not in _pg_sizes:
        with connection.cursor() as cur:
            cur.execute(f"SELECT count(*), avg(length(tsv)) FROM {TABLE}")  # noqa: S608
            count, avg = cur.fetchone()
        sizes = (total if total > 0 else max(int(count), 1), max(float(avg or 1.0), 1.0))
        if total <= 0:
            return sizes
        _pg_sizes.clear()
        _pg_sizes[key] = sizes
    return _pg_sizes[key]


def insert(rows: Iterable[tuple[int, str, str, str]]) -> None:
    """Index (passage_id, language, title, text) rows."""
    rows = list(rows)
    if not rows:
        return
    _pg_sizes.clear()
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
        # language), so one term is one tsquery whatever its stems: the OR of its distinct
        # parsings ('inventori' | 'inventory', not the six with their repeats, which
        # ts_rank_cd would walk one by one for every passage).
        terms = T.query_terms(query)
        if not terms:
            return []
        six = ", ".join(f"to_tsquery('{cfg}', w)" for cfg in PG_QUERY_CONFIGS)
        terms_sql = (
            "SELECT i, q FROM (SELECT i, (SELECT string_agg(DISTINCT '(' || x::text || ')', "  # noqa: S608
            f"' | ') FROM unnest(ARRAY[{six}]) AS x WHERE numnode(x) > 0)::tsquery AS q "
            "FROM unnest(%s::text[]) WITH ORDINALITY AS u(w, i)) AS s WHERE q IS NOT NULL"
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
