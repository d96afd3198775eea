"""`{% load labels %}`: stored English names and codes shown in the page's language."""

from __future__ import annotations

from typing import Any

from django import template

from minamata_kb.core import labels

register = template.Library()

register.filter("region_name", labels.region_name)
register.filter("language_name", labels.language_name)
register.filter("group_name", labels.group_name)
register.filter("eif_basis", labels.eif_basis)
register.filter("instrument_name", labels.instrument_name)


@register.filter
def list_sep(forloop: dict[str, Any]) -> str:
    """`{{ forloop|list_sep }}` after each item of a `{% for %}`: the page language's list
    separator ("A, B and C", "A、B和C")."""
    return labels.list_separator(forloop["counter0"], forloop["counter0"] + forloop["revcounter"])
