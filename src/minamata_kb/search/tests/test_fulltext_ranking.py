"""Full-text scores behave as bm25 on both engines (SQLite FTS5; PostgreSQL's tsvectors).

The matcher searches with a need's whole text: the same need must find the same passages on
either database. PostgreSQL's ranking once used ``ts_rank`` per term, which (1) divided a
word's rank by the number of its distinct stems in the six query configurations and (2) let one
query word in a title outweigh several in the text; these tests fail on it. Run them on
PostgreSQL with DATABASE_URL=postgresql://...
"""

from __future__ import annotations

import json

import pytest

from minamata_kb.library.transfer import import_lines
from minamata_kb.search import fts
from minamata_kb.search.models import Passage

FILLER = "Officers met in the capital and agreed on the agenda of the next session."
DOCS = [
    # one of the need's words in the title, none in the text
    {"id": "title-only", "title": "Zircon", "text": FILLER},
    # three of the need's words in the text, none in the title
    {
        "id": "text-words",
        "title": "Session notes",
        "text": "Officers met in the capital; retorts, cyanide and smelters were on the agenda.",
    },
    # the same sentence with one word each: one stemmed alike in every configuration
    # ('zinc'), one stemmed three ways ('assessments': assessments, assess, assessment)
    {"id": "one-stem", "title": "Discussion notes", "text": "The officers discussed zinc."},
    {
        "id": "three-stems",
        "title": "Discussion notes",
        "text": "The officers discussed assessments.",
    },
] + [{"id": f"filler-{i}", "title": f"Minutes {i}", "text": FILLER} for i in range(6)]


@pytest.fixture
def ranked(ref_world):
    lines = [json.dumps({**d, "language": "en"}).encode() for d in DOCS]
    assert not import_lines(lines).errors
    total = Passage.objects.count()

    def scores(query: str) -> dict[str, float]:
        out: dict[str, float] = {}
        for pid, score in fts.search(query, total=total):
            ref = Passage.objects.get(pk=pid).resource.external_id
            out[ref] = max(out.get(ref, 0.0), score)
        return out

    return scores


def test_words_in_the_text_outweigh_one_word_in_a_title(ranked):
    # A long query, as the matcher sends a need: each of its words is in one passage only.
    got = ranked(
        "Our zircon sands are processed by small smelters; miners heat amalgam in retorts "
        "and leach tailings with cyanide, and we need help to stop it."
    )
    assert got["text-words"] > got["title-only"] > 0


def test_each_word_counts_once_whatever_its_stems_across_languages(ranked):
    got = ranked("zinc assessments")
    assert got["one-stem"] > 0
    assert got["three-stems"] == pytest.approx(got["one-stem"], rel=1e-4)
