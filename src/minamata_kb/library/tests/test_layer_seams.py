"""The library tells the apps above it what changed (signals) and owns its visibility rule; search
listens and reads the rule, so the library imports nothing of search (pyproject.toml contract)."""

from __future__ import annotations

from typing import Any

import pytest

from minamata_kb.library import selectors
from minamata_kb.library.models import Resource
from minamata_kb.library.services import delete_resource, set_published
from minamata_kb.library.signals import resource_changed, resource_deleting

pytestmark = pytest.mark.django_db


def test_publishing_and_deleting_are_announced_to_the_index() -> None:
    heard: list[tuple[str, int, bool]] = []

    def changed(sender: Any, resource_id: int, **kw: Any) -> None:
        heard.append(("changed", resource_id, Resource.objects.filter(pk=resource_id).exists()))

    def deleting(sender: Any, resource_id: int, **kw: Any) -> None:
        heard.append(("deleting", resource_id, Resource.objects.filter(pk=resource_id).exists()))

    resource_changed.connect(changed)
    resource_deleting.connect(deleting)
    try:
        r = Resource.objects.create(title="A guide")
        set_published(r, True, check_permission=False)
        pk = r.pk
        delete_resource(r, check_permission=False)
    finally:
        resource_changed.disconnect(changed)
        resource_deleting.disconnect(deleting)
    # the index hears of the deletion while the row is still there (same transaction)
    assert heard == [("changed", pk, True), ("deleting", pk, True)]


def test_search_reads_the_librarys_visibility_rule(personas: Any) -> None:
    from minamata_kb.search import services

    w = personas.world
    mine = Resource.objects.create(
        external_id="draft-gha", title="Draft of Ghana", owner_party=w.party_a
    )
    other = Resource.objects.create(
        external_id="draft-mex", title="Draft of Mexico", owner_party=w.party_b
    )
    public = Resource.objects.create(external_id="pub", title="Published", published=True)
    assert services.visible_resources is selectors.visible_resources
    seen = set(selectors.visible_resources(personas.fp_a.user))
    assert {mine, public} <= seen and other not in seen
    assert selectors.visible_unpublished_pks(personas.fp_a.user) == [mine.pk]
    assert set(selectors.visible_resources(personas.anon.user)) == {public}
    assert selectors.sees_everything(personas.officer.user)
    assert set(selectors.visible_resources(personas.officer.user)) == {mine, other, public}
