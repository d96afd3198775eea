"""Cheap text signals in comments: does it name a need or a challenge, which topics.

Reuses the convention profile's multilingual keywords through the statement classifier's
keyword matcher (`minamata_kb.textanalysis.classifier`) when it can be imported; falls back to
a small built-in list otherwise. Each label's keywords become one compiled pattern so a whole
cycle of comments is scanned in well under a second.
"""

from __future__ import annotations

import re
from functools import cache

FALLBACK_ROLES = {
    "need": (
        "need",
        "require",
        "would benefit",
        "request",
        "besoin",
        "necesit",
        "нужд",
        "потребност",
        "需要",
        "需求",
        "تحتاج",
        "احتياج",
    ),
    "challenge": (
        "lack",
        "insufficient",
        "limited",
        "challenge",
        "difficult",
        "obstacle",
        "manque",
        "insuffisan",
        "difficult",
        "falta",
        "insuficiente",
        "нехватк",
        "недостат",
        "缺乏",
        "不足",
        "挑战",
        "نقص",
        "تحدي",
    ),
}
_SENTENCES = re.compile(r"(?<=[.!?])\s+|(?<=[。！？؟])")


def _pattern(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    try:
        from minamata_kb.textanalysis.classifier_text import keyword_pattern

        parts = [keyword_pattern(t).pattern for t in terms if len(t) >= 2]
    except Exception:  # the classifier is optional here; any import problem means fallback
        parts = [re.escape(t.casefold()) for t in terms if len(t) >= 2]
    return re.compile("|".join(f"(?:{p})" for p in parts)) if parts else None


@cache
def _labels() -> tuple[dict[str, re.Pattern[str]], dict[str, re.Pattern[str]]]:
    """Compiled role (need, challenge) and topic patterns."""
    roles: dict[str, re.Pattern[str]] = {}
    topics: dict[str, re.Pattern[str]] = {}
    try:
        from minamata_kb.textanalysis.classifier import load_profile

        profile = load_profile()
        for label in profile.labels["roles"]:
            if label.key in FALLBACK_ROLES:
                pattern = _pattern(tuple(label.keywords) + FALLBACK_ROLES[str(label.key)])
                if pattern is not None:
                    roles[str(label.key)] = pattern
        for label in profile.labels["topics"]:
            pattern = _pattern(tuple(label.keywords))
            if pattern is not None:
                topics[str(label.key)] = pattern
    except Exception:  # no classifier or no profile files: built-in role words, no topics
        roles = {}
    for key, words in FALLBACK_ROLES.items():
        if key not in roles:
            pattern = _pattern(words)
            if pattern is not None:
                roles[key] = pattern
    return roles, topics


@cache
def roles_of(text: str) -> tuple[str, ...]:
    """The roles (need, challenge) a text's keywords point to."""
    folded = text.casefold()
    return tuple(k for k, p in _labels()[0].items() if p.search(folded))


@cache
def topics_of(text: str) -> tuple[str, ...]:
    """Profile topic slugs whose keywords occur in the text."""
    folded = text.casefold()
    return tuple(k for k, p in _labels()[1].items() if p.search(folded))


def sentences(text: str) -> list[str]:
    """Split a comment into sentences (Latin, CJK and Arabic punctuation)."""
    return [s.strip() for s in _SENTENCES.split(text or "") if s.strip()]
