"""`{% load schema_org %}{% schema_org object %}`: the record's schema.org JSON-LD script."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from minamata_kb.open_data import jsonld

register = template.Library()


@register.simple_tag(takes_context=True)
def schema_org(context: Any, obj: Any) -> SafeString:
    request = context.get("request")
    if request is None or obj is None:
        return mark_safe("")
    label = obj._meta.label
    if label == "library.Resource":
        return jsonld.script_tag(jsonld.resource_ld(obj, request))
    if label == "registry.Organisation":
        return jsonld.script_tag(jsonld.organisation_ld(obj, request))
    if label == "activities.Event":
        return jsonld.script_tag(jsonld.event_ld(obj, request))
    return mark_safe("")
