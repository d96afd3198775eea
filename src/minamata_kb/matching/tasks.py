"""Background work of the matching app: matching needs off the request (django-tasks)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django_tasks import task

from minamata_kb.matching.models import Need


@task()
def match_need_task(need_id: int, user_id: int | None = None) -> int:
    """Match one need for the user who asked (None: the system); returns its match count.
    Idempotent: matching again replaces the undecided proposals and keeps the decisions."""
    from minamata_kb.matching.services import refresh_matches

    need = Need.objects.select_related("party").filter(pk=need_id).first()
    if need is None:
        return 0  # deleted since it was queued
    actor = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return len(refresh_matches(need, actor=actor))


def schedule_matching(need_ids: list[int], user_id: int | None = None) -> None:
    """Queue the matching of needs, one task each (inline when the backend is immediate)."""
    for pk in need_ids:
        match_need_task.enqueue(pk, user_id)
