"""The home page's programme at a glance: published activities by status."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from minamata_kb.activities.models import Activity
from minamata_kb.core.hooks import HomeItem, HomeSection


def section(request: HttpRequest) -> HomeSection | None:
    counts = dict(
        Activity.objects.filter(published=True)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    url = reverse("activities:activity_list")
    rows: list[HomeItem] = [
        {"label": str(label), "count": counts[value], "url": f"{url}?status={value}"}
        for value, label in Activity.Status.choices
        if counts.get(value)
    ]
    if not rows:
        return None
    rows.append({"label": _("The work programme"), "url": reverse("activities:work_programme")})
    return {"title": _("The programme at a glance"), "items": rows, "order": 30}
