"""Who may see which resources: the library's own visibility rule, read by every app that lists
resources (search's results and its vector index mask, the library's pages and API, matching)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from minamata_kb.accounts.permissions import is_secretariat, user_organisation, user_party
from minamata_kb.core.filtering import narrowed
from minamata_kb.library.models import Resource


def _own(user: Any) -> Q | None:
    """The resources the user edits (its organisation's or its party's), or None."""
    org, party = user_organisation(user), user_party(user)
    if org is None and party is None:
        return None
    cond = Q(pk__in=[])
    if org is not None:
        cond |= Q(provider=org)
    if party is not None:
        cond |= Q(owner_party=party)
    return cond


def visible_resources(user: Any) -> QuerySet[Resource]:
    """Resources the user may see: the published ones, and those the user may edit; all of them
    for the secretariat."""
    qs = Resource.objects.all()
    if is_secretariat(user):
        return qs
    cond = Q(published=True)
    own = _own(user)
    if own is not None:
        cond |= own
    return qs.filter(cond)


def sees_everything(user: Any) -> bool:
    """The secretariat sees every resource, published or not."""
    return is_secretariat(user)


def visible_unpublished_pks(user: Any) -> list[int]:
    """Primary keys of the unpublished resources the user may see (not the secretariat's, which
    sees all: ask `sees_everything` first)."""
    own = _own(user)
    if own is None:
        return []
    return list(Resource.objects.filter(own, published=False).values_list("pk", flat=True))


def filter_resources(
    qs: QuerySet[Resource],
    *,
    lang: str | None = "",
    type: str | None = "",  # noqa: A002 - the filter's public name (API and page)
    article: int | None = None,
    topic: str | None = "",
    provider: str | None = "",
    year: int | None = None,
) -> QuerySet[Resource]:
    """The library's filters, one implementation for the page and the API; empty means any."""
    if type:
        qs = qs.filter(Q(type__slug=type) | Q(type_label=type))
    qs = narrowed(
        qs,
        language=lang,
        articles__number=article,
        topics__slug=topic,
        provider__slug=provider,
        year=year,
    )
    return qs.distinct()
