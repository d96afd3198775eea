"""Personal API tokens: create (the token is returned once), list, revoke, authenticate.

A token reads `mkb_<prefix>_<secret>`: `prefix` (10 characters) finds the row, `secret`
(43 characters, 256 random bits) is never stored: the row holds the SHA-256 of the whole
token, compared in constant time. A plain hash is enough for a random 256-bit secret (no
dictionary to try), and unlike an HMAC it survives a change of SECRET_KEY.

`authenticate(raw)` answers the owner's token or None, the same None whether the token is
malformed, unknown, wrong, revoked, expired, or its owner inactive: a caller can't tell them
apart (the API answers 401 alike).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from minamata_kb.accounts.models import ApiToken
from minamata_kb.core.actors import Actor
from minamata_kb.core.changes import announce_change

PREFIX_LEN = 10
MARK = "mkb_"


def invalid_message() -> str:
    return _("The API token is not valid.")


def read_only_message() -> str:
    return _("This token may only read: create a token with the write scope to change data.")


def digest_of(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _new_token() -> tuple[str, str]:
    prefix = secrets.token_hex(PREFIX_LEN // 2)
    return prefix, f"{MARK}{prefix}_{secrets.token_urlsafe(32)}"


@transaction.atomic
def create_token(
    actor: Actor,
    owner: Any,
    name: str,
    scope: str = ApiToken.Scope.READ,
    expires_at: datetime | None = None,
) -> tuple[ApiToken, str]:
    """A new token for `owner`; returns the row and the token (to show once, never stored)."""
    if getattr(actor, "pk", None) != owner.pk and not getattr(actor, "is_superuser", False):
        raise PermissionDenied(_("Only an administrator may create a token for someone else."))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name.")})
    if len(name) > 100:
        raise ValidationError({"name": _("A token's name has at most 100 characters.")})
    if scope not in ApiToken.Scope.values:
        raise ValidationError(
            {
                "scope": _("The scope is %(choices)s.")
                % {"choices": " or ".join(ApiToken.Scope.values)}
            }
        )
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("The expiry date is in the past.")})
    if ApiToken.objects.filter(owner=owner, name=name, revoked_at__isnull=True).exists():
        raise ValidationError(
            {"name": _("You already have a token named “%(name)s”.") % {"name": name}}
        )
    while True:
        prefix, raw = _new_token()
        if not ApiToken.objects.filter(prefix=prefix).exists():
            break
    try:
        with transaction.atomic():
            token = _insert(owner, name, scope, prefix, raw, expires_at)
    except IntegrityError:  # the same live name created meanwhile by another request
        raise ValidationError(
            {"name": _("You already have a token named “%(name)s”.") % {"name": name}}
        ) from None
    announce_change(
        actor,
        "create",
        token,
        None,
        {
            "owner": owner.get_username(),
            "name": name,
            "scope": scope,
            "expires_at": expires_at.isoformat() if expires_at else None,
        },
    )
    return token, raw


def _insert(
    owner: Any, name: str, scope: str, prefix: str, raw: str, expires_at: datetime | None
) -> ApiToken:
    return ApiToken.objects.create(
        owner=owner,
        name=name,
        scope=scope,
        prefix=prefix,
        digest=digest_of(raw),
        expires_at=expires_at,
    )


def live_tokens(owner: Any) -> Any:
    return ApiToken.objects.filter(owner=owner).order_by("-created_at", "-pk")


@transaction.atomic
def revoke_token(actor: Actor, token: ApiToken) -> ApiToken:
    if getattr(actor, "pk", None) != token.owner_id and not getattr(actor, "is_superuser", False):
        raise PermissionDenied(_("You may revoke only your own tokens."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        announce_change(
            actor,
            "update",
            token,
            {"revoked_at": None},
            {"revoked_at": token.revoked_at.isoformat()},
        )
    return token


def is_usable(token: ApiToken, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return token.revoked_at is None and (token.expires_at is None or token.expires_at > now)


def authenticate(raw: str) -> ApiToken | None:
    """The usable token `raw` names (last-used time updated), else None — for any reason."""
    raw = (raw or "").strip()
    given = digest_of(raw)
    prefix = ""
    if raw.startswith(MARK) and raw.count("_") >= 2:
        prefix = raw[len(MARK) : len(MARK) + PREFIX_LEN]
    token = (
        ApiToken.objects.select_related("owner").filter(prefix=prefix).first()
        if len(prefix) == PREFIX_LEN
        else None
    )
    # Compare even when there is no row, so the time taken says nothing either.
    stored = token.digest if token is not None else "0" * 64
    if not hmac.compare_digest(stored, given) or token is None:
        return None
    now = timezone.now()
    if not is_usable(token, now) or not token.owner.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
    return token
