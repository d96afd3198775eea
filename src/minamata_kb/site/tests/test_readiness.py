"""`/readyz` really checks the database, the search index and the embedding model.

It used to import a `search.health` module that did not exist and report search as fine; the
test passed either way. Here each check must be present by name, and breaking one gives 503.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connection
from pytest_django import Settings

from minamata_kb.search import fts
from minamata_kb.search.index import invalidate

CHECKS = {"database", "search_index", "embedding_model"}


@pytest.fixture(autouse=True)
def _hash_embedder(settings: Settings) -> Iterator[None]:
    settings.SEARCH_EMBEDDERS = ["hash"]
    invalidate()
    yield
    invalidate()


@pytest.mark.django_db
def test_ready_names_every_check(client):
    response = client.get("/readyz")
    body = response.json()
    assert set(body["checks"]) == CHECKS, body
    assert all(c["ok"] for c in body["checks"].values()), body
    assert response.status_code == 200 and body["ready"] is True
    assert "hash" in body["checks"]["embedding_model"]["detail"]
    assert "resources" in body["checks"]["search_index"]["detail"]


@pytest.mark.django_db
def test_a_model_that_cannot_load_makes_it_not_ready(client, settings):
    settings.SEARCH_EMBEDDERS = ["hash", "no-such-model"]
    response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 503 and body["ready"] is False
    assert body["checks"]["embedding_model"]["ok"] is False
    assert "no-such-model" in body["checks"]["embedding_model"]["detail"]
    assert body["checks"]["database"]["ok"] and body["checks"]["search_index"]["ok"]


@pytest.mark.django_db
def test_a_missing_full_text_table_makes_it_not_ready(client):
    with connection.cursor() as cur:
        cur.execute(f"DROP TABLE {fts.TABLE}")  # rolled back with the test's transaction
    response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 503 and body["ready"] is False
    assert body["checks"]["search_index"]["ok"] is False
    assert fts.TABLE in body["checks"]["search_index"]["detail"]
    assert body["checks"]["database"]["ok"] and body["checks"]["embedding_model"]["ok"]


@pytest.mark.django_db
@pytest.mark.real_models
def test_ready_with_the_models_that_ship_in_the_wheels(client, settings):
    settings.SEARCH_EMBEDDERS = ["use", "e5"]
    response = client.get("/readyz")
    body = response.json()
    assert response.status_code == 200, body
    assert body["checks"]["embedding_model"]["detail"] == "use (512-d), e5 (384-d)"
