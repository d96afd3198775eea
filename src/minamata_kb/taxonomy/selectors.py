"""Reads of the convention profile that other apps share."""

from __future__ import annotations

from typing import Any


def profile_codes(record: Any) -> dict[str, list[Any]]:
    """A record's articles and topics as the API writes them: article numbers and topic slugs,
    each sorted (read from `.all()`, so from the rows the caller prefetched)."""
    return {
        "articles": sorted(a.number for a in record.articles.all()),
        "topics": sorted(t.slug for t in record.topics.all()),
    }
