"""Create users with a role (used by the demo, the tests and the admin)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from minamata_kb.accounts.models import Role
from minamata_kb.audit.models import ChangeRecord
from minamata_kb.audit.services import record_change


@transaction.atomic
def ensure_user(
    username: str,
    password: str,
    kind: str,
    *,
    party: Any = None,
    organisation: Any = None,
    email: str = "",
    actor: Any = None,
    language: str = "",
) -> Any:
    """Create the user and role if missing (idempotent); never changes an existing password."""
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username, defaults={"email": email})
    if created:
        user.set_password(password)
        user.is_staff = kind == Role.Kind.ADMIN
        user.is_superuser = kind == Role.Kind.ADMIN
        user.save()
    role, role_created = Role.objects.get_or_create(
        user=user,
        defaults={
            "kind": kind,
            "party": party,
            "organisation": organisation,
            "language": language,
        },
    )
    if role_created:
        record_change(
            actor, ChangeRecord.Action.CREATE, role, None, {"user": username, "kind": kind}
        )
    return user
