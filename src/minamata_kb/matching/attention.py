"""Home page items: the secretariat's matching queues (unmatched needs, matches to review,
duplicates), a focal point's answers to give, an editor's offers of help and their state."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from minamata_kb.accounts.permissions import is_secretariat, user_organisation, user_party
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
        org = user_organisation(request.user)
        if org is not None:
            return _editor_items(request, org)
        party = user_party(request.user)
        if party is None:
            return []
        mine = to_review.filter(party=party).count()
        offers_url = reverse("matching:offer_list")
        own: list[AttentionItem] = [
            {
                "label": _("Your needs with matches proposed to you"),
                "count": mine,
                "url": f"{needs_url}?party={party.code}&queue=to_review",
            },
            {
                "label": _("Offers of help on your needs awaiting your answer"),
                "count": selectors.visible_matches(
                    request.user, party=party.code, offered=True, party_decision="pending"
                ).count(),
                "url": f"{offers_url}?party={party.code}&party_decision=pending",
            },
        ]
        return [i for i in own if i["count"]]
    out: list[AttentionItem] = [
        {
            "label": _("Needs not matched yet"),
            "count": Need.objects.not_matched_yet().count(),
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


def _editor_items(request: HttpRequest, org: Any) -> list[AttentionItem]:
    """An organisation's offers of help (always listed, so the editor finds the page) and, of
    them, those awaiting the party's answer, accepted and declined."""
    url = reverse("matching:offer_list") + f"?organisation={org.slug}"
    offers = selectors.visible_matches(request.user, organisation=org.slug, offered=True)
    out: list[AttentionItem] = [
        {
            "label": _("Offers of help from %(org)s") % {"org": org.name},
            "count": offers.count(),
            "url": url,
        }
    ]
    for state, label in (
        ("pending", _("Of which awaiting the party's answer")),
        ("accepted", _("Of which accepted by the party")),
        ("declined", _("Of which declined by the party")),
    ):
        n = offers.filter(party_decision="" if state == "pending" else state).count()
        if n:
            out.append({"label": label, "count": n, "url": f"{url}&party_decision={state}"})
    return out
