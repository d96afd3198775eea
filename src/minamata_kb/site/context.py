"""Template context shared by every page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from minamata_kb.accounts.permissions import is_secretariat, role_of

NAV = [
    ("search:search", _("Search")),
    ("library:resource_list", _("Library")),
    ("registry:party_list", _("Parties")),
    ("registry:organisation_list", _("Organisations")),
    ("submissions:call_list", _("Calls")),
    ("national_reports:index", _("National reports")),
    ("activities:activity_list", _("Activities")),
    ("assistance:request_list", _("Requests")),
    ("matching:need_list", _("Needs")),
    ("documents:document_list", _("COP documents")),
]


def _nav() -> list[dict[str, str]]:
    items = []
    for name, label in NAV:
        try:
            items.append({"url": reverse(name), "label": str(label), "name": name})
        except NoReverseMatch:  # an app without that page yet
            continue
    return items


def site(request: HttpRequest) -> dict[str, object]:
    """Languages for the switcher, the navigation, and the visitor's role."""
    user = getattr(request, "user", None)
    return {
        "ui_languages": settings.LANGUAGES,
        "nav_items": _nav(),
        "user_role": role_of(user) if user is not None else None,
        "user_is_secretariat": bool(user is not None and is_secretariat(user)),
    }
