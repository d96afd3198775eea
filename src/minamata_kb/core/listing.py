"""One shape for every collection the HTTP API returns.

Every list answers `{"meta": {"count": N, ...}, "items": [...]}`: `count` is how many items match
(all of them, not only this page); the rest of `meta` says what else a reader needs to use the
page (limit and offset when paged, the source and date of a reference list, the query and its
timing for a search). One shape means one client loop for every collection.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from ninja import Schema
from pydantic import BaseModel, ConfigDict

T = TypeVar("T")


class ListMeta(BaseModel):
    """What every list says about itself; a list may add its own keys.

    A plain pydantic model, not a ninja Schema: a Schema reads only its declared fields, and
    a list's own keys (limit, offset, source, ...) must reach the client.
    """

    model_config = ConfigDict(extra="allow")

    count: int


class Listing(Schema, Generic[T]):
    """`response=Listing[ItemOut]` on a list endpoint."""

    meta: ListMeta
    items: list[T]


def listing(items: Iterable[Any], *, count: int | None = None, **meta: Any) -> dict[str, Any]:
    """The response body of a list: `count` defaults to the number of items given."""
    rows = list(items)
    return {"meta": {"count": len(rows) if count is None else count, **meta}, "items": rows}


def paged(
    rows: Any,
    *,
    limit: int,
    offset: int,
    most: int = 500,
    out: Callable[[Any], Any] = lambda row: row,
    clamp: bool = False,
    **meta: Any,
) -> dict[str, Any]:
    """One page of a queryset or list, with `count`, `limit` and `offset` in `meta`.

    A limit outside 1..`most` or a negative offset is the caller's error (422 in the envelope);
    with `clamp`, for the endpoints that have always taken any, the nearest allowed value is used
    (and said in `meta`).
    """
    if clamp:
        limit, offset = max(1, min(limit, most)), max(0, offset)
    if not 1 <= limit <= most or offset < 0:
        raise ValidationError(
            {"limit": [f"limit must be 1..{most}"]}
            if not 1 <= limit <= most
            else {"offset": ["offset must be at least 0"]}
        )
    total = rows.count() if hasattr(rows, "count") and not isinstance(rows, list) else len(rows)
    page = [out(row) for row in rows[offset : offset + limit]]
    return listing(page, count=total, limit=limit, offset=offset, **meta)
