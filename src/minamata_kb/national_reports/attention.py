"""Items for the secretariat's home page: reports waiting for publication."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from minamata_kb.accounts.permissions import is_secretariat
from minamata_kb.national_reports.models import NationalReport


def items(request: HttpRequest) -> list[dict[str, Any]]:
    """Submitted national reports not yet published."""
    if not is_secretariat(getattr(request, "user", None)):
        return []
    count = NationalReport.objects.filter(
        status=NationalReport.Status.SUBMITTED, published=False
    ).count()
    if not count:
        return []
    return [
        {
            "label": _("National reports submitted, not yet published"),
            "count": count,
            "url": reverse("national_reports:index"),
        }
    ]
