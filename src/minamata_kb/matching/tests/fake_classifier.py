"""A model-free classifier for the matching tests (settings.TEXT_CLASSIFIER): topics and
articles by keyword; paragraphs go to the product's classifier (hash-embedded in tests)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from minamata_kb.textanalysis.service import classify_paragraphs

__all__ = ["classify_paragraphs", "classify_text", "label_profile"]

KEYWORDS = {
    "asgm": ("mining", "miners", "gold", "minería", "orpaillage"),
    "waste": ("waste", "disposal", "residuos", "déchets"),
    "storage": ("storage", "store", "almacenamiento"),
    "health": ("health", "hospital", "thermometer", "salud"),
    "products": ("thermometer", "lamps", "cream", "products"),
    "emissions": ("emission", "coal", "power plant"),
    "technology_transfer": ("technology", "equipment", "tecnología"),
}


def label_profile(text: str) -> tuple[dict[str, float], dict[int, float]]:
    low = text.lower()
    topics = {t: (0.9 if any(w in low for w in words) else 0.02) for t, words in KEYWORDS.items()}
    articles = {7: topics["asgm"], 11: topics["waste"], 10: topics["storage"]}
    return topics, articles


def classify_text(text: str) -> Any:
    """The labels asserted (probability over one half), as a classification's lists."""
    topics, articles = label_profile(text)
    return SimpleNamespace(
        topics=[(t, p) for t, p in topics.items() if p > 0.5],
        articles=[(a, p) for a, p in articles.items() if p > 0.5],
    )
