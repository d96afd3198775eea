"""The statement classifier as the rest of the product calls it.

``settings.TEXT_CLASSIFIER`` names the module that answers: this one by default (the trained
classifier of ``textanalysis.classifier``, its models loaded on first use). Any module with the
three functions of ``TextClassifier`` may stand in; the unit tests name a model-free one there
instead of patching the product's internals.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any, Protocol, cast

from django.conf import settings

if TYPE_CHECKING:
    from minamata_kb.textanalysis.classifier import Classification


class TextClassifier(Protocol):
    """What a classifier module offers (module-level functions)."""

    def classify_text(self, text: str) -> Any:
        """One text's roles, topics, articles, countries and channel (`Classification`)."""

    def classify_paragraphs(self, text: str) -> list[tuple[str, Any]]:
        """A submission's paragraphs, each with its `Classification`."""

    def label_profile(self, text: str) -> tuple[dict[str, float], dict[int, float]]:
        """The probability of every topic (by slug) and article (by number)."""


def text_classifier() -> TextClassifier:
    """The configured classifier module."""
    return cast(TextClassifier, import_module(settings.TEXT_CLASSIFIER))


# The default implementation. The classifier's module is imported on call: it loads its models'
# code, which a page that only reads confirmed labels should not pay for.


def classify_text(text: str) -> Classification:
    """A statement or a need, as the product's forms and services classify them: one thing
    said, however many paragraphs it was typed in (never read as a whole document)."""
    from minamata_kb.textanalysis.classifier import classify_text as classify

    return classify(text, document=False)


def classify_paragraphs(text: str) -> list[tuple[str, Classification]]:
    from minamata_kb.textanalysis.classifier import classify_paragraphs as classify

    return classify(text)


def label_profile(text: str) -> tuple[dict[str, float], dict[int, float]]:
    from minamata_kb.textanalysis.classifier import embed_text, get_classifier

    clf = get_classifier()
    vectors = embed_text(text, clf.embeddings)
    topics = {str(k): float(p) for k, p in clf.scores("topics", text, vectors)}
    articles = {int(k): float(p) for k, p in clf.scores("articles", text, vectors)}  # type: ignore[call-overload]
    return topics, articles
