"""What the apps' home-page hooks (`<app>/attention.py`) share: one line of the user's work,
and the rule that a queue with nothing in it is left out."""

from __future__ import annotations

from collections.abc import Iterable

from minamata_kb.core.hooks import AttentionItem


def queue(label: str, count: int, url: str) -> AttentionItem:
    """A queue of `count` records: `url` opens the list of exactly those (the same filters)."""
    return {"label": label, "count": count, "url": url}


def waiting(items: Iterable[AttentionItem]) -> list[AttentionItem]:
    """The items with something in them (a count of 0 is left out)."""
    return [item for item in items if item["count"]]
