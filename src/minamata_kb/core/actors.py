"""Who acts: the type every service takes as its first argument.

A signed-in user, an anonymous visitor (refused by the service where signing in is required), or
None for the system itself (a command run by the operator, the demo loader, a background task).
Services check what the actor may do (accounts.permissions); the type says what may be passed.
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

Actor: TypeAlias = AbstractBaseUser | AnonymousUser | None


def recorded(actor: Actor) -> User | None:
    """The actor as a record names it (created_by, taken_by, a change's actor...): the user, or
    None for the system. An anonymous visitor records nothing: refused, not stored as nobody."""
    if actor is None:
        return None
    if not actor.is_authenticated:
        raise PermissionDenied(_("Sign in first."))
    assert isinstance(actor, User)  # the project's user model (no custom AUTH_USER_MODEL)
    return actor


def signed_in(actor: Actor) -> User | None:
    """The actor when signed in, else None: for records that name an anonymous visitor and the
    system alike as nobody (the change log's "system")."""
    if actor is None or not actor.is_authenticated:
        return None
    assert isinstance(actor, User)
    return actor
