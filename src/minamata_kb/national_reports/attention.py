"""Items for the secretariat's home page: reports waiting for publication."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from minamata_kb.accounts.permissions import is_secretariat, user_party
from minamata_kb.core.hooks import AttentionItem
from minamata_kb.national_reports.models import NationalReport


def items(request: HttpRequest) -> list[AttentionItem]:
    """Secretariat: submitted national reports not yet published (the count is the list its
    link opens). A focal point: its party's reports and where each stands."""
    user = getattr(request, "user", None)
    if not is_secretariat(user):
        party = user_party(user)
        if party is None:
            return []
        return [
            {
                "label": _("National report %(cycle)s") % {"cycle": r.cycle.label},
                "count": None,
                "note": _("submitted, waiting for publication")
                if r.status == NationalReport.Status.SUBMITTED and not r.published
                else r.get_status_display(),
                "url": reverse("national_reports:report_detail", args=[r.pk]),
            }
            for r in NationalReport.objects.filter(party=party).select_related("cycle")
        ]
    count = NationalReport.objects.filter(
        status=NationalReport.Status.SUBMITTED, published=False
    ).count()
    if not count:
        return []
    return [
        {
            "label": _("National reports submitted, not yet published"),
            "count": count,
            "url": reverse("national_reports:index") + "?queue=to_publish",
        }
    ]
