"""Keep the full-text table in step when a resource is deleted outside the services (admin)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import pre_delete
from django.dispatch import receiver


@receiver(pre_delete, sender="library.Resource")
def _forget_resource(sender: Any, instance: Any, **kwargs: Any) -> None:
    from minamata_kb.search import fts
    from minamata_kb.search.index import bump_version
    from minamata_kb.search.models import Passage

    ids = list(Passage.objects.filter(resource_id=instance.pk).values_list("id", flat=True))
    fts.delete(ids)
    bump_version()
