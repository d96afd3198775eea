"""The filters of a list page or endpoint, applied in one way."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import QueryDict

M = TypeVar("M", bound=Model)


def narrowed(qs: QuerySet[M], **lookups: Any) -> QuerySet[M]:
    """`qs` filtered by each lookup whose value is given; None or "" is a filter not asked for. One `filter` call a lookup, in the order given: two lookups through
    the same many-valued relation may match different related rows, as chained filters do."""
    for lookup, value in lookups.items():
        if value is not None and value != "":
            qs = qs.filter(**{lookup: value})
    return qs


def params(query: QueryDict, *names: str) -> dict[str, Any]:
    """The named filters of a list page's query string, "" for those not given: the keyword
    arguments of the list's selector."""
    return {name: query.get(name, "") for name in names}
