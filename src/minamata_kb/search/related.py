"""Search's `related` hook (core/hooks.py RelatedHook): resources like one resource, by meaning,
for the library's resource page and API."""

from __future__ import annotations

from typing import Any

from minamata_kb.search.services import Hit, more_like_this


def resources(resource: Any, *, user: Any = None, limit: int = 5) -> list[Hit]:
    return more_like_this(resource, user=user, limit=limit)
