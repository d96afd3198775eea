"""The home page's "What's new": the latest resources published in the library."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from minamata_kb.core.hooks import HomeItem, HomeSection
from minamata_kb.library.models import Resource

LATEST = 5


def section(request: HttpRequest) -> HomeSection | None:
    latest = (
        Resource.objects.filter(published=True)
        .exclude(published_at=None)
        .order_by("-published_at", "-pk")[:LATEST]
    )
    rows: list[HomeItem] = [
        {
            "label": r.title,
            "url": r.get_absolute_url(),
            "note": date_format(r.published_at, "SHORT_DATE_FORMAT"),
            "user_text": True,
        }
        for r in latest
        if r.published_at is not None
    ]
    if not rows:
        return None
    return {
        "title": _("What's new in the library"),
        "items": rows,
        "more": {"label": _("The whole library"), "url": reverse("library:resource_list")},
        "order": 10,
    }
