"""What a hit shows of its resource: the best passage, and a window of it with the query's
words marked."""

from __future__ import annotations

import html
import re

import numpy as np

from minamata_kb.search import text as T
from minamata_kb.search.index import VectorIndex
from minamata_kb.search.scoring import Scored

SNIPPET_CHARS = 260


def highlight(text: str, terms: list[str]) -> tuple[str, str]:
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


def best_passages(idx: VectorIndex, order: list[int], scored: Scored) -> dict[int, int]:
    """Each document's passage to show: its full-text match, else the closest by meaning, else
    its first."""
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
