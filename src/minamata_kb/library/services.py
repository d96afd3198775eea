"""Writes to the library: resources, files, publication. One transaction each, audited,
re-indexed in the background."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from minamata_kb.accounts.permissions import (
    can_act_for,
    is_secretariat,
    require_act_for,
    require_edit,
    user_organisation,
)
from minamata_kb.audit.models import ChangeRecord
from minamata_kb.audit.services import record_change, snapshot
from minamata_kb.core import files, filetext, sandbox
from minamata_kb.core.actors import Actor, signed_in
from minamata_kb.core.files import UploadRejected, check_size
from minamata_kb.core.identifiers import check_identifier
from minamata_kb.core.languages import detect_language
from minamata_kb.library.models import Resource, ResourceFile
from minamata_kb.library.records import ResourceData
from minamata_kb.library.signals import resource_changed, resource_deleting
from minamata_kb.library.tasks import schedule_extraction

__all__ = [
    "save_resource",
    "set_published",
    "delete_resource",
    "attach_file",
    "UploadRejected",
]


def _schedule(resource_id: int) -> None:
    """Tell whoever keeps an index of the library (search) that the resource changed."""
    resource_changed.send(sender=Resource, resource_id=resource_id)


def _m2m_state(r: Resource) -> dict[str, Any]:
    return {
        "articles": sorted(r.articles.values_list("number", flat=True)),
        "topics": sorted(r.topics.values_list("slug", flat=True)),
        "countries": sorted(r.countries.values_list("iso3", flat=True)),
    }


def _require_group(actor: Actor, group: str) -> None:
    """Joining a translation group links to its resources: the actor must be able to edit one
    of them (a secretariat officer links anything; an editor its own organisation's)."""
    members = Resource.objects.filter(translation_group=group).select_related("provider")
    if members and not any(can_act_for(actor, m) for m in members):
        raise PermissionDenied(
            _("translation_of: you may link only to resources your organisation holds.")
        )


def may_add_resources(actor: Actor) -> bool:
    """Secretariat officers and organisation editors add resources; nobody else."""
    return is_secretariat(actor) or user_organisation(actor) is not None


def save_resource(
    data: ResourceData, *, actor: Actor = None, check_permission: bool = True
) -> tuple[Resource, str]:
    """Create or update the resource with ``data.external_id``; ('created'|'updated'|'unchanged').

    ``check_permission`` is False only for system callers (CLI import, demo loader).
    """
    # The last line of defence: whatever the entry point, no id outside the alphabet is written
    # (a `/` in an id once took search, lists and the feed down for everyone).
    check_identifier(data.external_id, field="id")
    with transaction.atomic():
        obj = Resource.objects.select_for_update().filter(external_id=data.external_id).first()
        values = data.field_values()
        if obj is not None and check_permission:
            require_edit(actor, obj)
        if obj is None:
            obj = Resource(external_id=data.external_id, **values)
            if check_permission:
                require_edit(actor, obj)
                if data.translation_group:
                    _require_group(actor, data.translation_group)
            if data.translation_group:
                obj.translation_group = data.translation_group
            if obj.published:
                obj.published_at = timezone.now()
            obj.created_by = signed_in(actor)
            obj.save()
            data.apply_m2m(obj)
            record_change(
                actor, ChangeRecord.Action.CREATE, obj, None, {**snapshot(obj), **_m2m_state(obj)}
            )
            outcome = "created"
        else:
            before = {**snapshot(obj), **_m2m_state(obj)}
            old_group = obj.translation_group
            for key, value in values.items():
                setattr(obj, key, value)
            if data.translation_group:
                obj.translation_group = data.translation_group
            if check_permission:
                # The new owner too: an editor may not hand its resource to someone else.
                require_act_for(actor, obj, "org")
                if obj.translation_group != old_group:
                    _require_group(actor, obj.translation_group)
            if obj.published and obj.published_at is None:
                obj.published_at = timezone.now()
            after_fields = snapshot(obj)
            if {k: v for k, v in after_fields.items() if k != "updated_at"} != {
                k: v for k, v in before.items() if k in after_fields and k != "updated_at"
            }:
                obj.save()
            data.apply_m2m(obj)
            after = {**snapshot(obj), **_m2m_state(obj)}
            changed = {k for k in after if k != "updated_at" and before.get(k) != after.get(k)}
            if not changed:
                return obj, "unchanged"
            record_change(actor, ChangeRecord.Action.UPDATE, obj, before, after)
            outcome = "updated"
        _schedule(obj.pk)
    return obj, outcome


def set_published(
    resource: Resource,
    published: bool,
    *,
    actor: Actor = None,
    check_permission: bool = True,
    note: str = "",
) -> Resource:
    """Publish or withdraw a resource (`note`: why, kept in its history)."""
    if check_permission:
        require_edit(actor, resource)
    with transaction.atomic():
        before = snapshot(resource, ["published", "published_at"])
        resource.published = published
        if published and resource.published_at is None:
            resource.published_at = timezone.now()
        resource.save(update_fields=["published", "published_at", "updated_at"])
        record_change(
            actor,
            ChangeRecord.Action.PUBLISH if published else ChangeRecord.Action.UNPUBLISH,
            resource,
            before,
            snapshot(resource, ["published", "published_at"]),
            note=note,
        )
        _schedule(resource.pk)
    return resource


def delete_resource(
    resource: Resource, *, actor: Actor = None, check_permission: bool = True
) -> None:
    """Delete a resource and take it out of the index (its files go with it)."""
    if check_permission:
        require_edit(actor, resource)
    with transaction.atomic():
        pk = resource.pk
        record_change(actor, ChangeRecord.Action.DELETE, resource, snapshot(resource), None)
        resource_deleting.send(sender=Resource, resource_id=pk)
        resource.delete()


def attach_file(
    resource: Resource,
    *,
    name: str,
    data: bytes | None = None,
    upload: Any = None,
    actor: Actor = None,
    check_permission: bool = True,
) -> ResourceFile:
    """Store an original (byte for byte, SHA-256); its text is read in a background task
    (core/sandbox.py limits), then the resource is re-indexed. Plain text is read at once.

    Pass ``data`` or a Django ``upload`` (its size is checked before it is read).
    """
    if check_permission:
        require_edit(actor, resource)
    if upload is not None:
        check_size(int(upload.size))
        data = upload.read()
    if data is None:
        raise UploadRejected(_("No file was sent."), code="empty")
    checked = files.inspect(name, data, kinds=files.LIBRARY_KINDS)
    read = sandbox.extract("txt", data) if checked.kind == "txt" else None
    if read is not None and read.error:
        raise UploadRejected(files.failure_message(read.error), code=read.error)
    text = read.text if read is not None else ""
    lang = detect_language(text, default=resource.language) if text else ""
    digest = hashlib.sha256(data).hexdigest()
    safe_name = (name or "upload").replace("/", "_").replace("\\", "_")[-200:]
    with transaction.atomic():
        f = ResourceFile(
            resource=resource,
            filename=safe_name,
            kind=checked.kind,
            content_type=checked.content_type,
            size=len(data),
            sha256=digest,
            extracted_text=text,
            text_truncated=bool(read and read.truncated),
            extraction_state=filetext.State.DONE if read is not None else filetext.State.PENDING,
            language=lang,
            uploaded_by=signed_in(actor),
        )
        f.original.save(digest, ContentFile(data), save=False)
        f.save()
        record_change(
            actor,
            ChangeRecord.Action.ATTACH_FILE,
            resource,
            None,
            {"file": f.filename, "kind": f.kind, "size": f.size, "sha256": f.sha256},
        )
    if read is not None:
        _schedule(resource.pk)
    else:
        schedule_extraction(f.pk)  # reads the text, then re-indexes the resource
        f.refresh_from_db()
    return f
