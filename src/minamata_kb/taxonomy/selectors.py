"""Reads of the convention profile that other apps share."""

from __future__ import annotations

from typing import Any


def profile_codes(record: Any, *, topics_first: bool = False) -> dict[str, list[Any]]:
    """A record's articles and topics as the API writes them: article numbers and topic slugs,
    each sorted (read from `.all()`, so from the rows the caller prefetched). `topics_first`
    keeps the key order the needs and technologies records have always had (their JSON and
    CSV dumps list topics before articles)."""
    articles = sorted(a.number for a in record.articles.all())
    topics = sorted(t.slug for t in record.topics.all())
    if topics_first:
        return {"topics": topics, "articles": articles}
    return {"articles": articles, "topics": topics}
