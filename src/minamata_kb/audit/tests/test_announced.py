"""Changes announced from below the change log (core/changes.py): accounts cannot import audit,
so it announces; audit writes the record in the same transaction, or the change is refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from minamata_kb.accounts.models import Role
from minamata_kb.accounts.services import ensure_user
from minamata_kb.audit.models import ChangeRecord
from minamata_kb.core.changes import announce_change, change_made

pytestmark = pytest.mark.django_db


def test_a_new_role_is_recorded_as_created():
    user = ensure_user("newcomer", "pw-123456789", Role.Kind.OFFICER)
    role = Role.objects.get(user=user)
    change = ChangeRecord.objects.get(entity="accounts.role", object_id=str(role.pk))
    assert change.action == ChangeRecord.Action.CREATE
    assert change.actor_label == "system"
    assert change.after == {"user": "newcomer", "kind": Role.Kind.OFFICER}


def test_announced_change_rolls_back_with_its_transaction():
    with pytest.raises(RuntimeError), transaction.atomic():
        ensure_user("ghost", "pw-123456789", Role.Kind.OFFICER)
        assert ChangeRecord.objects.filter(entity="accounts.role").exists()
        raise RuntimeError
    assert not ChangeRecord.objects.filter(entity="accounts.role").exists()


def test_an_unknown_action_is_refused():
    user = ensure_user("someone", "pw-123456789", Role.Kind.OFFICER)
    with pytest.raises(ValueError):
        announce_change(None, "renamed", Role.objects.get(user=user))


def test_without_a_listener_the_change_is_refused_not_lost():
    user = ensure_user("lonely", "pw-123456789", Role.Kind.OFFICER)
    role = Role.objects.get(user=user)
    assert change_made.disconnect(dispatch_uid="audit.record_announced")
    try:
        with pytest.raises(ImproperlyConfigured):
            announce_change(None, "update", role, {"language": ""}, {"language": "fr"})
    finally:
        from minamata_kb.audit.apps import _record_announced

        change_made.connect(_record_announced, dispatch_uid="audit.record_announced")
    assert not ChangeRecord.objects.filter(entity="accounts.role", action="update").exists()
