"""Keep the index in step with the library: re-index a resource the library says changed, take
out one it deletes (library/signals.py), and keep the full-text table in step when a resource is
deleted outside the services (admin)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import pre_delete
from django.dispatch import receiver

from minamata_kb.library.signals import resource_changed, resource_deleting
from minamata_kb.search import fts
from minamata_kb.search.index import bump_version
from minamata_kb.search.indexing import remove_resource
from minamata_kb.search.models import Passage
from minamata_kb.search.tasks import schedule_index


@receiver(pre_delete, sender="library.Resource")
def _forget_resource(sender: Any, instance: Any, **kwargs: Any) -> None:
    ids = list(Passage.objects.filter(resource_id=instance.pk).values_list("id", flat=True))
    fts.delete(ids)
    bump_version()


@receiver(resource_changed)
def _reindex(sender: Any, resource_id: int, **kwargs: Any) -> None:
    schedule_index(resource_id)


@receiver(resource_deleting)
def _remove(sender: Any, resource_id: int, **kwargs: Any) -> None:
    remove_resource(resource_id)
