"""The home page's open calls for information, the nearest deadline first."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from minamata_kb.core.hooks import HomeItem, HomeSection
from minamata_kb.submissions.models import Call


def section(request: HttpRequest) -> HomeSection | None:
    calls = Call.objects.filter(
        status=Call.Status.OPEN, deadline__gte=timezone.localdate()
    ).order_by("deadline", "pk")[:5]
    rows: list[HomeItem] = [
        {
            "label": c.title,
            "url": reverse("submissions:call_detail", args=[c.pk]),
            "note": _("deadline %(date)s") % {"date": date_format(c.deadline, "SHORT_DATE_FORMAT")},
            "user_text": True,
        }
        for c in calls
    ]
    if not rows:
        return None
    return {
        "title": _("Open calls for information"),
        "items": rows,
        "more": {"label": _("All calls"), "url": reverse("submissions:call_list")},
        "order": 20,
    }
