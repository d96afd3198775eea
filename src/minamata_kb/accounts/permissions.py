"""The one permission layer: views, the API and the CLI all ask these functions.

A record's owner decides who may edit it. A model exposes its owner through the properties
`owner_party` and/or `owner_organisation`; secretariat staff may edit everything; the public
sees only what is published (`is_published` or `published` attribute, when the model has one).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from minamata_kb.accounts.models import Role

if TYPE_CHECKING:
    from minamata_kb.registry.models import Organisation, Party

SECRETARIAT = {Role.Kind.ADMIN, Role.Kind.OFFICER}


def role_of(user: Any) -> Role | None:
    """The user's role, or None for anonymous users and users without one."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if hasattr(user, "_mkb_role"):
        cached: Role | None = user._mkb_role
        return cached
    role = Role.objects.select_related("party", "organisation").filter(user=user).first()
    user._mkb_role = role
    return role


def is_secretariat(user: Any) -> bool:
    """Officers and admins of the secretariat (and Django superusers)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_superuser", False):
        return True
    role = role_of(user)
    return role is not None and role.kind in SECRETARIAT


def is_admin(user: Any) -> bool:
    """Secretariat administrators (and superusers)."""
    if getattr(user, "is_superuser", False):
        return True
    role = role_of(user)
    return role is not None and role.kind == Role.Kind.ADMIN


def user_party(user: Any) -> Party | None:
    """The party a focal point acts for, else None."""
    role = role_of(user)
    return role.party if role and role.kind == Role.Kind.FOCAL_POINT else None


def user_organisation(user: Any) -> Organisation | None:
    """The organisation an editor acts for, else None."""
    role = role_of(user)
    return role.organisation if role and role.kind == Role.Kind.ORG_EDITOR else None


def can_act_for_party(user: Any, party: Any) -> bool:
    """May this user submit or edit on behalf of `party`?"""
    if is_secretariat(user):
        return True
    own = user_party(user)
    return own is not None and party is not None and own.pk == party.pk


def can_act_for_organisation(user: Any, organisation: Any) -> bool:
    """May this user submit or edit on behalf of `organisation`?"""
    if is_secretariat(user):
        return True
    own = user_organisation(user)
    return own is not None and organisation is not None and own.pk == organisation.pk


def can_edit(user: Any, obj: Any) -> bool:
    """May this user change `obj`? Owned by a party or an organisation, or secretariat-only."""
    if is_secretariat(user):
        return True
    party = getattr(obj, "owner_party", None)
    if party is not None and can_act_for_party(user, party):
        return True
    org = getattr(obj, "owner_organisation", None)
    return org is not None and can_act_for_organisation(user, org)


def can_act_for(user: Any, target: Any) -> bool:
    """May `user` act for `target`: a party, an organisation, or a record through its owner?

    The one rule for every reference an actor sets (a resource's organisation, the resource it
    translates, an event's activity, an activity's provider ...): the target must be something
    the actor may act for. Nothing (None) is never acted for, except by the secretariat.
    """
    if is_secretariat(user):
        return True
    if target is None:
        return False
    return can_edit(user, target)  # parties and organisations own themselves


def require_act_for(user: Any, target: Any, field: str) -> None:
    """Raise PermissionDenied naming `field` unless the user may act for `target`."""
    if not can_act_for(user, target):
        raise PermissionDenied(
            _("%(field)s: you may refer only to what your own party or organisation holds.")
            % {"field": field}
        )


def is_public(obj: Any) -> bool:
    """Whether an anonymous visitor may see the object."""
    for attr in ("is_published", "published"):
        if hasattr(obj, attr):
            return bool(getattr(obj, attr))
    return True


def can_view(user: Any, obj: Any) -> bool:
    """Published records are public; unpublished ones are visible to those who may edit them."""
    return is_public(obj) or can_edit(user, obj)


def published_or_own(user: Any, *, party: str = "", organisation: str = "") -> Q:
    """The rows of a list `user` may see, as a filter: the published ones, plus those owned by
    the user's party (through the field named `party`) or organisation (`organisation`); all
    rows for the secretariat. The queryset form of `can_view` for a model owned that way."""
    if is_secretariat(user):
        return Q()
    q = Q(published=True)
    own_party, own_org = user_party(user), user_organisation(user)
    if party and own_party is not None:
        q |= Q(**{party: own_party})
    if organisation and own_org is not None:
        q |= Q(**{organisation: own_org})
    return q


def require_edit(user: Any, obj: Any) -> None:
    """Raise PermissionDenied unless the user may change `obj`."""
    if not can_edit(user, obj):
        raise PermissionDenied("You may not change this record.")


def require_secretariat(user: Any) -> None:
    """Raise PermissionDenied unless the user is secretariat staff."""
    if not is_secretariat(user):
        raise PermissionDenied("Only the secretariat may do this.")
