"""Record history: which change records a user may read, and restoring an earlier value.

Each app declares the records whose history it shows in `<app>/history.py`, a list
`ENTITIES` of `HistoryEntity` (found like the other hooks, core/extensions.py). Who sees a
record's history: the secretariat every record's; a focal point its own party's records; an
editor its organisation's; nobody else (the public sees no history, not even of published
records: the changes hold drafts, withdrawn texts and the names of those who made them).

Restoring writes nothing itself: it hands the earlier value to the owning app's service
(`HistoryEntity.restore`), so that service's validation and permission checks apply and it
writes its own change record, which is then marked as a restore of the change it came from.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from minamata_kb.accounts.permissions import (
    can_edit,
    is_secretariat,
    user_organisation,
    user_party,
)
from minamata_kb.audit.models import ChangeRecord
from minamata_kb.core.actors import Actor
from minamata_kb.core.extensions import app_modules
from minamata_kb.core.filtering import narrowed


@dataclasses.dataclass(frozen=True)
class HistoryEntity:
    """A kind of record whose history has a page.

    `owned(party, organisation)` is the Q (on `model`) of the records a focal point of `party`
    or an editor of `organisation` may see (either may be None). `restore(actor, obj, field,
    value)` gives `field` back its earlier `value` through the app's service; `restorable`
    names the fields it accepts; `may_restore(user, obj)` says whether to offer it.
    """

    model: type[models.Model]
    owned: Callable[[Any, Any], Q]
    restore: Callable[[Any, Any, str, Any], Any] | None = None
    restorable: frozenset[str] = frozenset()
    may_restore: Callable[[Any, Any], bool] = can_edit

    @property
    def label(self) -> str:
        return str(self.model._meta.label_lower)

    @property
    def title(self) -> str:
        return str(self.model._meta.verbose_name)

    def get(self, object_id: str) -> Any:
        try:
            return self.model._default_manager.filter(pk=object_id).first()
        except (ValueError, TypeError, ValidationError):
            return None


def owned_by(*, party: str = "", organisation: str = "") -> Callable[[Any, Any], Q]:
    """The `owned` rule of a record whose owners are named by these fields (lookups on the
    model): what a focal point of the party or an editor of the organisation may see."""

    def owned(own_party: Any, own_organisation: Any) -> Q:
        q = Q(pk__in=[])
        if party and own_party is not None:
            q |= Q(**{party: own_party})
        if organisation and own_organisation is not None:
            q |= Q(**{organisation: own_organisation})
        return q

    return owned


@functools.cache
def entities() -> dict[str, HistoryEntity]:
    """Every app's history entities, by label (app_label.model)."""
    found: dict[str, HistoryEntity] = {}
    for module in app_modules("history"):
        for entity in getattr(module, "ENTITIES", []):
            found[entity.label] = entity
    return found


def entity_of(label: str) -> HistoryEntity | None:
    return entities().get(label)


def may_see(user: Any, obj: Any) -> bool:
    """The secretariat, or a focal point / editor of the record's owner."""
    if not getattr(user, "is_authenticated", False):
        return False
    return is_secretariat(user) or can_edit(user, obj)


def may_edit(user: Any, obj: Any) -> bool:
    """The permission layer's `can_edit`, for signed-in users (links to edit pages)."""
    return bool(getattr(user, "is_authenticated", False) and can_edit(user, obj))


def visible_changes(
    user: Any,
    *,
    entity: str = "",
    object_id: str = "",
    actor: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[ChangeRecord]:
    """The change records `user` may read, newest first, with the filters applied."""
    qs = ChangeRecord.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if not is_secretariat(user):
        party, org = user_party(user), user_organisation(user)
        if party is None and org is None:
            return qs.none()
        allowed = Q(pk__in=[])
        for label, e in entities().items():
            if entity and label != entity:
                continue
            ids = e.model._default_manager.filter(e.owned(party, org)).values_list("pk", flat=True)
            allowed |= Q(entity=label, object_id__in=[str(i) for i in ids])
        qs = qs.filter(allowed)
    qs = narrowed(
        qs,
        entity=entity,
        object_id=object_id,
        actor_label=actor,
        at__date__gte=date_from,
        at__date__lte=date_to,
    )
    return qs.order_by("-at", "-id")


def field_changes(change: ChangeRecord) -> list[tuple[str, Any, Any]]:
    """(field, before, after) for each field the change touched, by field name."""
    before, after = change.before or {}, change.after or {}
    keys = sorted(set(before) | set(after))
    return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


@transaction.atomic
def restore(actor: Actor, change: ChangeRecord, field: str) -> ChangeRecord:
    """Give `field` back the value it had before `change`, as a new change (the owning app's
    service writes it); returns that new change record, marked as a restore."""
    entity = entity_of(change.entity)
    if entity is None or entity.restore is None:
        raise ValidationError(
            {"field": [_("This kind of record changes only through its workflow.")]}
        )
    obj = entity.get(change.object_id)
    if obj is None:
        raise ValidationError({"field": [_("The record no longer exists.")]})
    if not may_see(actor, obj):
        raise PermissionDenied(_("You may not change this record."))
    if field not in entity.restorable:
        raise ValidationError({"field": [_("%(f)s cannot be restored.") % {"f": field}]})
    if change.before is None or field not in change.before:
        raise ValidationError(
            {"field": [_("This change holds no earlier value of %(f)s.") % {"f": field}]}
        )
    last = ChangeRecord.objects.order_by("-id").values_list("id", flat=True).first() or 0
    entity.restore(actor, obj, field, change.before[field])
    made = ChangeRecord.objects.filter(
        id__gt=last, entity=change.entity, object_id=change.object_id
    ).order_by("id")
    if not made.exists():
        raise ValidationError({"field": [_("%(f)s already has that value.") % {"f": field}]})
    made.update(
        action=ChangeRecord.Action.RESTORE,
        note=f"{field} restored from change {change.pk}",
    )
    record = made.last()
    assert record is not None
    return record
