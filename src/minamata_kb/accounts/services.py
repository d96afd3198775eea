"""Create users with a role (used by the demo, the tests and the admin)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from minamata_kb.accounts.models import Role
from minamata_kb.accounts.permissions import is_secretariat
from minamata_kb.core.actors import Actor
from minamata_kb.core.changes import announce_change


@transaction.atomic
def ensure_user(
    username: str,
    password: str,
    kind: str,
    *,
    party: Any = None,
    organisation: Any = None,
    email: str = "",
    actor: Actor = None,
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
        announce_change(actor, "create", role, None, {"user": username, "kind": kind})
    return user


@transaction.atomic
def set_preferred_language(actor: Actor, user: Any, language: str) -> Any:
    """A user's preferred language for mail (reminders): one of the six UI languages, or ""
    (then the party's official UN language). Users set their own; the secretariat anyone's."""
    from django.conf import settings
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.utils.translation import gettext as _

    if (
        actor is None
        or not actor.is_authenticated
        or (actor.pk != user.pk and not is_secretariat(actor))
    ):
        raise PermissionDenied(_("You may change only your own preferences."))
    if language not in {code for code, _name in settings.LANGUAGES} | {""}:
        raise ValidationError({"language": [_("Choose one of the six languages.")]})
    role = Role.objects.select_for_update().filter(user=user).first()
    if role is None:
        raise ValidationError({"language": [_("This account has no role.")]})
    if role.language != language:
        before = {"language": role.language}
        role.language = language
        role.save(update_fields=["language"])
        announce_change(actor, "update", role, before, {"language": language})
    return role
