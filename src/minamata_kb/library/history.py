"""Library resources on the history pages (audit/records.py): its provider's editors see
the history; an earlier value comes back through `save_resource` (the import record's checks
and the editor's permission apply)."""

from __future__ import annotations

from typing import Any

from minamata_kb.audit.records import HistoryEntity, owned_by
from minamata_kb.core.actors import Actor
from minamata_kb.library.models import Resource
from minamata_kb.library.records import RecordError, parse_record
from minamata_kb.library.services import save_resource
from minamata_kb.library.transfer import export_records


def _restore(actor: Actor, resource: Resource, field: str, value: Any) -> None:
    from django.core.exceptions import ValidationError

    (record,) = export_records(Resource.objects.filter(pk=resource.pk))
    record[field] = value
    try:
        data = parse_record(record)
    except RecordError as exc:
        raise ValidationError({exc.field or "field": [exc.message]}) from exc
    save_resource(data, actor=actor)


ENTITIES = [
    HistoryEntity(
        Resource,
        owned_by(organisation="provider"),
        restore=_restore,
        restorable=frozenset(
            {
                "title",
                "summary",
                "text",
                "url",
                "language",
                "audience",
                "licence",
                "articles",
                "topics",
                "countries",
            }
        ),
    )
]
