"""Partitioned vector scoring: exact where it scores, per-language cells, same search service."""

from __future__ import annotations

import numpy as np
import pytest

from minamata_kb.search import services
from minamata_kb.search.index import get_index, invalidate
from minamata_kb.search.partitions import PartitionedMatrix, passage_scores
from minamata_kb.search.tests.test_search_service import load


def clustered(seed: int, n: int, language: int, dim: int = 48, topics: int = 12) -> np.ndarray:
    """Unit vectors around topic centres shared by all languages, plus a strong offset per
    language: as with multilingual models, an unrelated text in the query's language can score
    higher than a related one in another language."""
    rng = np.random.default_rng(seed)
    shared = np.random.default_rng(99)
    centres = shared.standard_normal((topics, dim))
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    offsets = shared.standard_normal((4, dim))
    offsets *= 1.5 / np.linalg.norm(offsets, axis=1, keepdims=True)
    m = centres[rng.integers(0, topics, n)] + offsets[language]
    m += 0.3 * rng.standard_normal((n, dim)) / np.sqrt(dim) * 3
    return (m / np.linalg.norm(m, axis=1, keepdims=True)).astype(np.float32)


@pytest.fixture
def two_languages():
    a = clustered(1, 1500, language=0)
    b = clustered(2, 900, language=1)
    matrix = np.vstack([a, b])
    groups = np.r_[np.zeros(len(a), dtype=np.int64), np.ones(len(b), dtype=np.int64)]
    order = np.random.default_rng(5).permutation(len(matrix))  # languages interleaved
    return matrix[order], groups[order]


def test_rows_and_array_keep_the_index_order(two_languages):
    matrix, groups = two_languages
    pm = PartitionedMatrix(matrix, groups)
    assert pm.shape == matrix.shape and len(pm) == len(matrix)
    assert np.array_equal(pm[10:20], matrix[10:20])
    assert np.array_equal(np.asarray(pm), matrix)
    assert np.array_equal(
        np.add.reduceat(pm, [0, 7], axis=0), np.add.reduceat(matrix, [0, 7], axis=0)
    )


def test_scored_rows_are_exact_and_the_nearest_are_found(two_languages):
    matrix, groups = two_languages
    pm = PartitionedMatrix(matrix, groups)
    rng = np.random.default_rng(3)
    found = []
    for i in rng.choice(len(matrix), 40, replace=False).tolist():
        query = matrix[i]
        exact = matrix @ query
        approx = pm @ query
        scored = np.isclose(approx, exact, atol=1e-5)
        assert scored[i]  # the row itself lies in a probed cell
        assert scored.mean() < 0.6  # and most rows were not scored at all
        top = np.argsort(-exact)[:10]
        found.append(np.mean(scored[top]))
    assert np.mean(found) > 0.9


def test_every_language_is_probed(two_languages):
    """A query close to language 0 still gets exact scores for language 1's nearest rows."""
    matrix, groups = two_languages
    pm = PartitionedMatrix(matrix, groups)
    query = matrix[np.flatnonzero(groups == 0)[0]]
    exact, approx = matrix @ query, pm @ query
    other = np.flatnonzero(groups == 1)
    best_other = other[np.argsort(-exact[other])[:5]]
    assert np.allclose(approx[best_other], exact[best_other], atol=1e-5)


def test_unscored_rows_sit_near_their_language_mean(two_languages):
    matrix, groups = two_languages
    pm = PartitionedMatrix(matrix, groups)
    query = matrix[0]
    exact, approx = matrix @ query, pm @ query
    for g in (0, 1):
        unscored = (groups == g) & ~np.isclose(approx, exact, atol=1e-5)
        assert unscored.any()
        assert abs(float(approx[unscored].mean()) - float(exact[groups == g].mean())) < 0.05


def test_extra_rows_are_scored_exactly(two_languages):
    matrix, groups = two_languages
    pm = PartitionedMatrix(matrix, groups)
    query = matrix[0]
    exact = matrix @ query
    far = np.argsort(exact)[:25]  # the rows farthest from the query: never probed
    out = passage_scores(pm, query, far)
    assert np.allclose(out[far], exact[far], atol=1e-5)
    assert np.allclose(passage_scores(matrix, query, far), exact)


def test_empty_matrix_is_refused():
    with pytest.raises(ValueError, match="at least one row"):
        PartitionedMatrix(np.zeros((0, 8), dtype=np.float32), np.zeros(0, dtype=np.int64))


def test_search_service_on_a_partitioned_index(ref_world, settings, personas):
    load()
    settings.SEARCH_EXACT_BELOW = 0
    invalidate()
    idx = get_index()
    assert all(isinstance(m, PartitionedMatrix) for m in idx.matrices.values())
    assert services.search("amalgam separators dentists").hits[0].id == "r-dental"
    assert services.search("汞废物").hits[0].id == "r-zh"
    anon = [h.id for h in services.search("storage checklist warehouses").hits]
    assert "r-draft" not in anon
    officer = services.search("storage checklist warehouses", user=personas.officer.user)
    assert "r-draft" in [h.id for h in officer.hits]
    from minamata_kb.library.models import Resource

    similar = services.more_like_this(Resource.objects.get(external_id="r-asgm"))
    assert "r-asgm" not in [h.id for h in similar]
