"""Matching tests run without embedding models: the hash embedder stands in for both models
and a keyword stub for the classifier."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from pytest_django import Settings


@pytest.fixture(autouse=True)
def _no_models(settings: Settings) -> None:
    # the hash embedder is every test's default (root conftest); the classifier is a keyword stub
    settings.TEXT_CLASSIFIER = "minamata_kb.matching.tests.fake_classifier"


def add_resource(ext: str, title: str, text: str, **extra: Any) -> Any:
    from minamata_kb.library.records import parse_record
    from minamata_kb.library.services import save_resource

    rec = {"id": ext, "title": title, "text": text, "language": "en", "published": True, **extra}
    obj, _ = save_resource(parse_record(rec), actor=None, check_permission=False)
    return obj


@pytest.fixture
def library(ref_world: Any) -> Any:
    """Four resources: two on ASGM (one labelled, one Spanish), one on waste, one news item."""
    r = SimpleNamespace()
    r.asgm = add_resource(
        "asgm-guide",
        "Mercury-free gold processing guide",
        "Gravity concentration and retorts help artisanal miners stop whole ore amalgamation.",
        topics=["asgm"],
        articles=[7],
        type="guidance",
        org="bcrc-test",
    )
    r.asgm_es = add_resource(
        "asgm-guia",
        "Guía de procesamiento de oro sin mercurio",
        "Concentración gravimétrica para mineros artesanales de oro, sin amalgamación.",
        language="es",
        topics=["asgm"],
        type="guidance",
    )
    r.waste = add_resource(
        "waste-storage",
        "Interim storage of mercury waste",
        "Environmentally sound interim storage and disposal of mercury waste in warehouses.",
        topics=["waste", "storage"],
        articles=[10, 11],
        type="guidance",
    )
    r.news = add_resource(
        "mining-news",
        "News: miners meet in the capital",
        "Gold miners met in the capital to discuss prices and mercury.",
        type="news",
    )
    return r
