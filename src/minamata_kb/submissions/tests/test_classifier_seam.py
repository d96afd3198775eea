"""The classifier the product calls is the one settings.TEXT_CLASSIFIER names: the default and
every test stand-in offer the same functions, and a stand-in really takes over."""

from __future__ import annotations

import inspect
from importlib import import_module

import pytest
from pytest_django import Settings

from minamata_kb.textanalysis.service import TextClassifier, text_classifier

MODULES = [
    "minamata_kb.textanalysis.service",
    "minamata_kb.submissions.tests.fake_classifier",
    "minamata_kb.matching.tests.fake_classifier",
]


@pytest.mark.parametrize("name", MODULES)
def test_each_classifier_module_offers_what_the_product_calls(name: str) -> None:
    module = import_module(name)
    for fn in ("classify_text", "classify_paragraphs", "label_profile"):
        assert callable(getattr(module, fn)), fn
        wanted = list(inspect.signature(getattr(TextClassifier, fn)).parameters)[1:]
        assert list(inspect.signature(getattr(module, fn)).parameters)[:1] == wanted, fn


def test_the_setting_chooses_the_classifier(settings: Settings) -> None:
    assert text_classifier() is import_module("minamata_kb.textanalysis.service")
    settings.TEXT_CLASSIFIER = "minamata_kb.matching.tests.fake_classifier"
    assert text_classifier().label_profile("gold miners")[0]["asgm"] == 0.9
