"""`{% load taxonomy_labels %}`: profile codes shown by their names in the page's language."""

from __future__ import annotations

from django import template

from minamata_kb.taxonomy.models import StatementRole

register = template.Library()


@register.filter
def role_name(slug: str) -> str:
    """A statement role slug (`support_received`) by the profile's name in the page's language."""
    role = StatementRole.objects.filter(slug=slug).first()
    return role.name if role is not None and role.name else slug.replace("_", " ")
