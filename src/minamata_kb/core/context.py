"""Template context shared by every page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from minamata_kb.accounts.permissions import is_secretariat, role_of


def site(request: HttpRequest) -> dict[str, object]:
    """Languages for the switcher and the visitor's role for the navigation."""
    user = getattr(request, "user", None)
    return {
        "ui_languages": settings.LANGUAGES,
        "user_role": role_of(user) if user is not None else None,
        "user_is_secretariat": bool(user is not None and is_secretariat(user)),
    }
