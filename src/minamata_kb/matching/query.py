"""What the matcher is asked: a need's text, language, party and its topic and article profile.

Its own module so the rankers (engine.py for resources, answers.py for activities, technologies
and providers) import it at the top, and neither imports the other for it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from minamata_kb.core.languages import detect_language
from minamata_kb.registry.models import Party
from minamata_kb.textanalysis.service import text_classifier


@dataclass
class NeedQuery:
    """What the matcher needs to know about a need."""

    text: str
    language: str = "en"
    party: Any = None
    country: Any = None
    topics: dict[str, float] = field(default_factory=dict)
    articles: dict[int, float] = field(default_factory=dict)
    need_id: int | None = None

    @classmethod
    def build(
        cls,
        text: str,
        *,
        party: Any = None,
        language: str | None = None,
        topics: Iterable[str] = (),
        articles: Iterable[int] = (),
        need_id: int | None = None,
        classify: bool = True,
    ) -> NeedQuery:
        """A query from raw values; ``party`` is a Party or an ISO3 code; topics/articles that
        were confirmed count fully, the classifier's probabilities fill in the rest."""
        if isinstance(party, str):
            party = Party.objects.select_related("country").filter(code=party.upper()).first()
        lang = language or detect_language(text, default="en")
        q = cls(text=text, language=lang, party=party, need_id=need_id)
        q.country = getattr(party, "country", None) if party is not None else None
        if classify and text.strip():
            q.topics, q.articles = text_classifier().label_profile(text)
        for t in topics:
            q.topics[str(t)] = 1.0
        for a in articles:
            q.articles[int(a)] = 1.0
        return q

    @classmethod
    def from_need(cls, need: Any) -> NeedQuery:
        return cls.build(
            need.text,
            party=need.party,
            language=need.language or None,
            topics=need.topics.values_list("slug", flat=True),
            articles=need.articles.values_list("number", flat=True),
            need_id=need.pk,
        )

    def top_topics(self, minimum: float = 0.35) -> list[str]:
        return [t for t, p in sorted(self.topics.items(), key=lambda kv: -kv[1]) if p >= minimum]
