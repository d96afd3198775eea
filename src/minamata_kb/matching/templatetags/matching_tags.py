"""``{% load matching_tags %}{% matches_panel "statement" statement %}``: the matches panel of
the need drawn from a statement, request or national-report answer (or of a Need itself), for
other apps' pages. Shows nothing the user may not see."""

from __future__ import annotations

from typing import Any

from django import template

from minamata_kb.matching import selectors
from minamata_kb.matching.models import Need
from minamata_kb.matching.views import panel_context

register = template.Library()


@register.inclusion_tag("matching/_matches_panel.html", takes_context=True)
def matches_panel(context: Any, kind: str, obj: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    need: Need | None
    if isinstance(obj, Need):
        need = obj
    else:
        need = (
            selectors.visible_needs(user)
            .filter(source_kind=kind, source_id=getattr(obj, "pk", None))
            .order_by("pk")
            .first()
        )
    if need is not None and not selectors.can_view_need(user, need):
        need = None
    panel = panel_context(request, need) if request is not None else {"need": None}
    return {"p": panel, "request": request, "csrf_token": context.get("csrf_token")}
