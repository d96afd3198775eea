"""Search tests use the model-free hash embedder unless a test asks for a real one."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytest_django import Settings


@pytest.fixture(autouse=True)
def _hash_embedder(settings: Settings) -> Iterator[None]:
    from minamata_kb.search.index import invalidate

    settings.SEARCH_EMBEDDERS = ["hash"]
    settings.SEARCH_MIN_SIMILARITY = 0.2
    invalidate()
    yield
    invalidate()
