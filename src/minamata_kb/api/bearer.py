"""`Authorization: Bearer <token>`: a machine client acting as the token's owner.

`authenticate_bearer` wraps every operation of the NinjaAPI in view mode, outermost (before
the anonymous-write refusal, the CSRF check and the input guards):

- no `Authorization: Bearer` header: nothing changes (a session, or a stranger);
- a header whose token is malformed, unknown, wrong, revoked or expired: 401 in the envelope,
  one message for all (no oracle), whatever session cookie rides along — so a bogus token
  never turns a session request into one that skips CSRF;
- a usable token: `request.user` becomes its owner (every permission check in the services
  then applies, so a token can do no more than its owner), `request.api_token` is set, and
  the request is marked as not needing CSRF (no cookie carries it: a browser can't add the
  header cross-site without CORS, which the site does not grant). A read-scoped token on an
  unsafe method (POST, PUT, PATCH, DELETE) is refused with 403 before anything else runs.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from minamata_kb.accounts import tokens
from minamata_kb.accounts.models import ApiToken
from minamata_kb.api.gates import gate, is_write
from minamata_kb.core.envelope import error_response


def bearer_of(request: HttpRequest) -> str | None:
    """The token of an `Authorization: Bearer` header, "" if empty, None without one."""
    header = request.headers.get("Authorization", "")
    scheme, _sep, value = header.strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    return value.strip()


@gate
def authenticate_bearer(request: HttpRequest) -> HttpResponse | None:
    raw = bearer_of(request)
    if raw is None:
        return None

    token = tokens.authenticate(raw)
    if token is None:
        response = error_response(request, 401, "invalid_token", tokens.invalid_message())
        response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
        return response
    request.user = token.owner
    request.api_token = token  # type: ignore[attr-defined]
    # Django's CSRF check (ours in api/csrf.py and ninja's in django_auth) skips it.
    request._dont_enforce_csrf_checks = True  # type: ignore[attr-defined]
    if is_write(request) and token.scope != ApiToken.Scope.WRITE:
        return error_response(request, 403, "read_only_token", tokens.read_only_message())
    return None
