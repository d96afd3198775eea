"""The query log: each logged search, the clicks on its results, and what it says about demand
(queries nobody found anything for, results nobody opened)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from minamata_kb.search.models import QueryLog


def log_query(
    q: str,
    language: str,
    filters: dict[str, Any],
    results: int,
    took: float,
    source: str,
    user: Any,
) -> int:
    """Record one search; its log id (the results page signs its links with it)."""
    log = QueryLog.objects.create(
        query=q[:1000],
        language=language,
        filters=filters,
        results=results,
        took_ms=round(took, 2),
        source=source,
        user=user if getattr(user, "is_authenticated", False) else None,
    )
    return log.pk


def click_token(log_id: int, external_id: str) -> str:
    """The signature a results page puts on its link to one hit (see `record_click`)."""
    from django.utils.crypto import salted_hmac

    return salted_hmac("minamata_kb.search.click", f"{log_id}/{external_id}").hexdigest()[:20]


def record_click(log_id: int, resource: Any, *, user: Any = None, token: str = "") -> bool:
    """Count a click from a results page (no-click queries are demand signals too).

    Only a link the results page of that search made counts (`token`, signed by the server
    over the log and the resource), and only from the user who searched when it was a
    signed-in search: a stranger guessing `/search/go/<log>/<id>/` cannot inflate someone
    else's clicks or choose their first click. Returns whether the click was counted.
    """
    from django.utils.crypto import constant_time_compare

    if not constant_time_compare(token or "", click_token(log_id, resource.external_id)):
        return False
    log = QueryLog.objects.filter(pk=log_id).first()
    if log is None:
        return False
    if log.user_id is not None and log.user_id != getattr(user, "pk", None):
        return False
    log.clicks += 1
    if log.first_click_id is None:
        log.first_click = resource
    log.save(update_fields=["clicks", "first_click"])
    return True


def demand_signals(limit: int = 50) -> dict[str, list[dict[str, Any]]]:
    """Queries nobody found anything for, and queries whose results nobody opened."""
    from django.db.models import Count, Max
    from django.db.models.functions import Lower

    def grouped(qs: QuerySet[QueryLog]) -> list[dict[str, Any]]:
        rows = (
            qs.annotate(q=Lower("query"))
            .values("q")
            .annotate(n=Count("id"), last=Max("created_at"))
            .order_by("-n", "-last")[:limit]
        )
        return [dict(row) for row in rows]

    return {
        "zero_results": grouped(QueryLog.objects.filter(results=0)),
        "no_clicks": grouped(QueryLog.objects.filter(results__gt=0, clicks=0)),
    }
