"""CSRF for every API write that rides on a session cookie, checked once for the whole API.

django-ninja marks its views CSRF-exempt and checks the token only inside its own session
authentication, so an operation without `auth=django_auth` took cookie-authenticated writes
without a token. `enforce_csrf` wraps every operation of the NinjaAPI (view mode: before the
body is parsed or validated): an unsafe method (POST, PUT, PATCH, DELETE) from a signed-in
session must carry Django's CSRF token (`X-CSRFToken` header or `csrfmiddlewaretoken` form
field, matching the `csrftoken` cookie), exactly as a form post would; otherwise 403 in the
API envelope and nothing runs. Anonymous requests carry no session to ride on: they go on to
the operation, which refuses them itself. Requests authenticated by a personal API token
(`Authorization: Bearer`, api/bearer.py, which runs first and answers 401 for any unusable
token) need no CSRF token: no cookie carries their credentials.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.translation import gettext as _

from minamata_kb.api.gates import gate, is_write, signed_in
from minamata_kb.core.envelope import error_response


def _not_exempt(request: HttpRequest) -> HttpResponse:  # pragma: no cover - never called
    """A stand-in view without `csrf_exempt`, so the middleware does its whole check."""
    return HttpResponse()


class _Check(CsrfViewMiddleware):
    """Django's own CSRF check, keeping the reason of a refusal instead of a page."""

    reason: str = ""

    def _reject(self, request: HttpRequest, reason: str) -> HttpResponse:
        self.reason = reason
        return HttpResponse(status=403)


def csrf_failure(request: HttpRequest) -> str | None:
    """None when the request passes Django's CSRF check, else the reason it failed."""
    check = _Check(lambda r: HttpResponse())
    # The middleware's own process_view skipped this request (ninja views are exempt).
    request.csrf_processing_done = False  # type: ignore[attr-defined]
    check.process_request(request)
    if check.process_view(request, _not_exempt, (), {}) is None:
        return None
    return check.reason or "CSRF check failed"


def needs_csrf(request: HttpRequest) -> bool:
    """An unsafe method from a signed-in session (the only authentication the API has)."""
    if not is_write(request):
        return False
    if getattr(request, "api_token", None) is not None:
        return False  # authenticated by its Authorization header, not by the cookie
    return signed_in(request)


@gate
def enforce_csrf(request: HttpRequest) -> HttpResponse | None:
    if not needs_csrf(request):
        return None
    reason = csrf_failure(request)
    if reason is None:
        return None
    return error_response(
        request,
        403,
        "csrf_failed",
        _(
            "CSRF check failed (%(reason)s): send the csrftoken cookie's value "
            "in the X-CSRFToken header."
        )
        % {"reason": reason},
    )
