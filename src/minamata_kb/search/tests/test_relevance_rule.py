"""Which candidates meaning adds and which results count (scoring.fuse), on signals written here.

The signals stand for what signals_for measures with the real embedders: "use" first (its
cosines are the scale of SEARCH_MIN_SIMILARITY and of the similarity floors), "e5" second.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from minamata_kb.search import scoring
from minamata_kb.search.ranking import Weights


def index(n: int, french: tuple[int, ...] = ()) -> Any:
    """What fuse reads of a VectorIndex: ``n`` documents in English but those in ``french``."""
    doc_lang = np.zeros(n, dtype=np.int64)
    doc_lang[list(french)] = 1
    return SimpleNamespace(size=n, languages=["en", "fr"], doc_lang=doc_lang)


def signals(
    use: list[float],
    e5: list[float],
    lexical: list[float] | None = None,
    expanded: list[float] | None = None,
) -> scoring.Signals:
    n = len(use)
    vectors = {
        "use": np.array(use, dtype=np.float32),
        "e5": np.array(e5, dtype=np.float32),
    }
    return scoring.Signals(
        np.array(lexical or [0.0] * n, dtype=np.float32),
        np.array(expanded or [0.0] * n, dtype=np.float32),
        vectors,
        float(max(use)),
        {},
        None,
        "en",
    )


@pytest.fixture
def gate(settings):
    settings.SEARCH_MIN_SIMILARITY = 0.3


def test_a_query_whose_words_match_gets_meaning_even_under_the_gate(gate):
    # A paraphrase: its words match only a weak document (1); the answer (0) shares none of
    # them, USE finds it under SEARCH_MIN_SIMILARITY, e5 ranks it first by far.
    sig = signals(
        use=[0.28, 0.12, 0.05, 0.03, 0.04, 0.02],
        e5=[0.91, 0.80, 0.76, 0.75, 0.74, 0.75],
        lexical=[0.0, 2.0, 0.0, 0.0, 0.0, 0.0],
    )
    scored = scoring.fuse(index(6), sig, Weights())
    assert scored.candidate[0]  # before, only the word match was a candidate
    order = np.argsort(-np.where(scored.candidate, scored.fused, -np.inf))
    assert order[0] == 0
    assert scored.relevant is not None and scored.relevant[0]
    # The word match is far in meaning (USE 0.12): it no longer counts by itself.
    assert not scored.relevant[1]


def test_a_query_matching_no_word_and_far_from_everything_has_no_candidate(gate):
    sig = signals(use=[0.12, 0.10, 0.05, 0.03], e5=[0.82, 0.80, 0.79, 0.78])
    scored = scoring.fuse(index(4), sig, Weights())
    assert not scored.candidate.any()
    assert scored.relevant is not None and not scored.relevant.any()


def test_a_term_bank_match_far_in_meaning_is_not_counted(gate):
    # Two other-language documents match the query's term-bank expansion equally: one is about
    # what the query asks (USE 0.31), the other only shares the term (USE 0.06, the lamp guide
    # for a customs question). Only the first counts; the other is still shown, as weaker.
    sig = signals(
        use=[0.36, 0.31, 0.06, 0.02, 0.01, 0.0, 0.01, 0.02],
        e5=[0.90, 0.88, 0.86, 0.78, 0.77, 0.76, 0.77, 0.78],
        lexical=[1.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        expanded=[0.0, 4.0, 4.0, 0.0, 0.0, 0.0, 0.0, 0.0],
    )
    scored = scoring.fuse(index(8, french=(1, 2)), sig, Weights())
    assert scored.relevant is not None
    assert scored.relevant[1] and scored.candidate[2] and not scored.relevant[2]
    # What the rule replaced: any term-bank match counted, however far.
    before = scoring.fuse(index(8, french=(1, 2)), sig, Weights(), word_similarity_floor=0.0)
    assert before.relevant is not None and before.relevant[2]


def test_word_matches_count_without_a_calibrated_floor_for_the_first_embedder():
    # The cosine floor is USE's; another first embedder (the tests' hash embedder) has none.
    sig = signals(use=[0.3, 0.06], e5=[0.9, 0.8], expanded=[0.0, 4.0])
    sig.vectors = {"hash": sig.vectors["use"], "e5": sig.vectors["e5"]}
    assert scoring.calibrated_word_floor(sig) == 0.0
    assert scoring.calibrated_word_floor(signals(use=[0.3], e5=[0.9])) > 0
