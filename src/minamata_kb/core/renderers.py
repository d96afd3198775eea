"""How forms render: every field through one template (templates/core/field.html)."""

from __future__ import annotations

from django.forms.renderers import TemplatesSetting


class SiteFormRenderer(TemplatesSetting):
    """The project's templates first (so core/field.html is found), Django's form templates
    after them (django.forms is an installed app)."""

    field_template_name = "core/field.html"
