"""`{% history_link obj %}`: a "History" link to a record's changes, for those who may read them."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from minamata_kb.audit import records

register = template.Library()


@register.simple_tag(takes_context=True)
def history_link(context: Any, obj: Any, label: str = "") -> str:
    user = getattr(context.get("request"), "user", None) or context.get("user")
    if obj is None or records.entity_of(obj._meta.label_lower) is None:
        return ""
    if not records.may_see(user, obj):
        return ""
    url = reverse("audit:record_history", args=[obj._meta.label_lower, obj.pk])
    return format_html('<a class="history-link" href="{}">{}</a>', url, label or _("History"))


@register.filter
def may_edit(user: Any, obj: Any) -> bool:
    """`{% if request.user|may_edit:obj %}`: the permission layer's can_edit, for links."""
    return records.may_edit(user, obj)
