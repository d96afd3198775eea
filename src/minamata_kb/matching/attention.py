"""Items for the secretariat's home page: unmatched needs, matches to review, duplicates."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from minamata_kb.accounts.permissions import is_secretariat
from minamata_kb.matching.models import DuplicatePair, Match, Need


def items(request: HttpRequest) -> list[dict[str, Any]]:
    if not is_secretariat(request.user):
        return []
    needs_url = reverse("matching:need_list")
    out = [
        {
            "label": _("Needs not matched yet"),
            "count": Need.objects.filter(status="open", matched_at__isnull=True).count(),
            "url": needs_url + "?status=open",
        },
        {
            "label": _("Proposed matches to review"),
            "count": Match.objects.filter(decision="proposed", need__status="open").count(),
            "url": needs_url,
        },
        {
            "label": _("Possible duplicated activities"),
            "count": DuplicatePair.objects.filter(decision="open").count(),
            "url": reverse("matching:duplicate_list"),
        },
    ]
    return [i for i in out if i["count"]]
