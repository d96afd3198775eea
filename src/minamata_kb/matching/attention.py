"""Items for the secretariat's home page: unmatched needs, matches to review, duplicates."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from minamata_kb.accounts.permissions import is_secretariat, user_party
from minamata_kb.core.hooks import AttentionItem
from minamata_kb.matching import selectors
from minamata_kb.matching.models import Match, Need


def items(request: HttpRequest) -> list[AttentionItem]:
    """The secretariat's matching queues; a focal point's needs with matches proposed to it.
    Each count is the length of the list its link opens (same filters)."""
    needs_url = reverse("matching:need_list")
    to_review = Need.objects.filter(
        status="open", pk__in=Match.objects.filter(decision="proposed").values("need_id")
    )
    if not is_secretariat(request.user):
        party = user_party(request.user)
        if party is None:
            return []
        mine = to_review.filter(party=party).count()
        own: list[AttentionItem] = [
            {
                "label": _("Your needs with matches proposed to you"),
                "count": mine,
                "url": f"{needs_url}?party={party.code}&queue=to_review",
            }
        ]
        return [i for i in own if i["count"]]
    out: list[AttentionItem] = [
        {
            "label": _("Needs not matched yet"),
            "count": Need.objects.filter(status="open", matched_at__isnull=True).count(),
            "url": needs_url + "?queue=unmatched",
        },
        {
            "label": _("Needs with proposed matches to review"),
            "count": to_review.count(),
            "url": needs_url + "?queue=to_review",
        },
        {
            "label": _("Possible duplicated activities"),
            "count": selectors.visible_duplicates(request.user).filter(decision="open").count(),
            "url": reverse("matching:duplicate_list") + "?decision=open",
        },
    ]
    return [i for i in out if i["count"]]
