"""One sign-in lockout for every way in, enforced by django-axes (settings: AXES_*).

Every password check that goes through `django.contrib.auth.authenticate` with a request (the
site's /accounts/login/, the admin's /admin/login/, any later API or form that signs in) passes
`LockoutBackend` first. After LOGIN_MAX_FAILURES failures for one user name from one client
address, that pair is refused for LOGIN_LOCKOUT_SECONDS after its last failure, the right
password included. The pair is keyed on:

- the user name as authentication sees it (`normalise_username`: the NFKC form Django compares
  against, case-folded), so `ＡＤＭＩＮ`, `𝐚𝐝𝐦𝐢𝐧` and `Admin` all count against `admin`;
- the client address (`client_ip`): REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT reverse proxies
  the address the outermost proxy wrote into TRUSTED_PROXY_HEADER, so that one attacker cannot
  lock a user out everywhere, and a header sent by a client is never believed on its own.

The counts live in the database (axes' database handler), shared by every server process.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import math
from datetime import UTC, datetime, timedelta
from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from minamata_kb.core.envelope import error_response

logger = logging.getLogger(__name__)

# The longest key kept readable (axes stores it in a 255-character column); longer normalised
# names (NFKC can multiply a name's length by 18) are stored as a digest instead.
_MAX_READABLE = 150


def normalise_username(name: object) -> str:
    """The lockout key of a user name: Django's own NFKC normalisation (the form the sign-in
    form hands to authentication), case-folded and trimmed; '' for no name."""
    if not isinstance(name, str):
        return ""
    folded = AbstractBaseUser.normalize_username(name.strip()).casefold()
    key = str(AbstractBaseUser.normalize_username(folded)).strip()
    if len(key) > _MAX_READABLE or not key.isprintable():
        key = "sha256:" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
    return key


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """AXES_USERNAME_CALLABLE: the normalised name from the credentials, else the form."""
    field = get_user_model().USERNAME_FIELD
    if credentials:
        name = credentials.get(field)
    else:
        name = request.POST.get(field) if request.method == "POST" else None
    return normalise_username(name)


def _ip(value: str) -> str | None:
    """The client as the lockout counts it, or None for no valid address. Accepts `a.b.c.d:port`
    and `[v6]:port` (some proxies add the port). An IPv6 client counts as its /64 network: one
    host commonly holds a whole /64, so counting single addresses would give it 2^64 counts."""
    value = value.strip()
    if value.startswith("[") and "]" in value:
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:
        value = value.split(":", 1)[0]
    value = value.split("%", 1)[0]  # an IPv6 zone id is local to the proxy
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False).network_address)
    return str(address)


def client_ip(request: HttpRequest) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the address of the client that sent the request.

    With TRUSTED_PROXY_COUNT = 0 (the default) that is REMOTE_ADDR and every forwarding header is
    ignored. With N > 0 the request went through N proxies that each append the address they saw
    to TRUSTED_PROXY_HEADER: the N-th entry from the right is the one the outermost proxy wrote
    (anything left of it came from the client and is ignored). A header with fewer entries did
    not come through the proxies; then REMOTE_ADDR is used.
    """
    remote = _ip(request.META.get("REMOTE_ADDR") or "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    meta_key = "HTTP_" + settings.TRUSTED_PROXY_HEADER.upper().replace("-", "_")
    hops = [hop for hop in (request.META.get(meta_key) or "").split(",") if hop.strip()]
    if len(hops) < count:
        logger.warning(
            "sign-in from %s without %d %s entries; counted under that address",
            remote,
            count,
            settings.TRUSTED_PROXY_HEADER,
        )
        return remote
    address = _ip(hops[-count])
    if address is None:
        logger.warning("unreadable %s entry %r", settings.TRUSTED_PROXY_HEADER, hops[-count])
        return remote
    return address


def failure_limit(request: HttpRequest | None = None, credentials: Any = None) -> int:
    """AXES_FAILURE_LIMIT: LOGIN_MAX_FAILURES, read at each attempt."""
    return int(settings.LOGIN_MAX_FAILURES)


def cool_off(request: HttpRequest | None = None) -> timedelta:
    """AXES_COOLOFF_TIME: LOGIN_LOCKOUT_SECONDS after the last counted failure."""
    return timedelta(seconds=int(settings.LOGIN_LOCKOUT_SECONDS))


def retry_at(request: HttpRequest, credentials: dict[str, Any] | None = None) -> datetime:
    """When the pair of this request is let in again: its last counted failure + the cool-off
    (failures made while locked are refused without being counted, so this does not move)."""
    from axes.models import AccessAttempt

    last = AccessAttempt.objects.filter(
        username=lockout_username(request, credentials),
        ip_address=getattr(request, "axes_ip_address", None) or client_ip(request),
    ).aggregate(last=Max("attempt_time"))["last"]
    return (last or timezone.now()) + cool_off(request)


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: 429 with Retry-After; a page, or the API envelope under /api/.

    It says the same for a name that exists and one that does not."""
    when = retry_at(request, credentials if isinstance(credentials, dict) else None)
    seconds = max(1, math.ceil((when - timezone.now()).total_seconds()))
    minutes = max(1, math.ceil(seconds / 60))
    message = _(
        "Too many failed sign-in attempts for this user name from your address. "
        "Sign-in is refused until %(time)s UTC (in about %(minutes)d minutes); "
        "try again then."
    ) % {"time": when.astimezone(UTC).strftime("%H:%M"), "minutes": minutes}
    if request.path.startswith("/api/"):
        response = error_response(
            request, 429, "locked_out", message, [{"field": "retry_after", "message": str(seconds)}]
        )
    else:
        body = render_to_string(
            "registration/locked_out.html",
            {"message": message, "retry_at": when, "minutes": minutes},
            request=request,
        )
        response = HttpResponse(body, status=429)
    response["Retry-After"] = str(seconds)
    return response


class LockoutBackend(AxesStandaloneBackend):
    """Refuses a locked-out pair before any password is checked (first in
    AUTHENTICATION_BACKENDS). A check without a request comes from code on the server (the CLI,
    a script), not from a client, and is neither counted nor refused."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
