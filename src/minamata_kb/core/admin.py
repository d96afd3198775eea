"""What the apps' admin modules share."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models


def rows_of(model: type[models.Model], **options: Any) -> Any:
    """An inline table of `model`'s rows on its parent's admin page, without blank extra rows;
    `options` are further inline attributes (fields, readonly_fields, can_delete ...)."""
    return type(
        f"{model.__name__}Inline", (admin.TabularInline,), {"model": model, "extra": 0, **options}
    )
