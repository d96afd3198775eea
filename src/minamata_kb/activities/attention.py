"""Home page items for an organisation's editor: its organisation's activities and events."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from minamata_kb.accounts.permissions import is_secretariat, user_organisation
from minamata_kb.activities import selectors
from minamata_kb.core.hooks import AttentionItem
from minamata_kb.core.queues import queue, waiting


def items(request: HttpRequest) -> list[AttentionItem]:
    """Each count is the length of the list its link opens (the list's own filter)."""
    org = user_organisation(getattr(request, "user", None))
    if org is None or is_secretariat(request.user):
        return []
    url = reverse("activities:activity_list")
    own = selectors.activities(request.user, selectors.ActivityFilters(provider=org.slug))
    return [
        queue(
            _("Activities of %(org)s") % {"org": org.name},
            own.count(),
            f"{url}?provider={org.slug}",
        ),
        *waiting(
            [
                queue(
                    _("Of which drafts, not yet published"),
                    own.filter(published=False).count(),
                    f"{url}?provider={org.slug}&published=no",
                )
            ]
        ),
    ]
