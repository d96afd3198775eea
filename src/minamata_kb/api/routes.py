"""The /api/v1 router: mounts each app's `api.router` and pins one error envelope.

Every error is `{"error": {"code": str, "message": str, "details": list}}`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from minamata_kb.api.anonymous import refuse_anonymous_writes
from minamata_kb.api.bearer import authenticate_bearer
from minamata_kb.api.csrf import enforce_csrf
from minamata_kb.api.guards import guard_request, guard_values
from minamata_kb.api.reference import reference
from minamata_kb.core.envelope import error_response
from minamata_kb.core.extensions import app_modules

api = NinjaAPI(
    title="Minamata KB API",
    version="1",
    description="Capacity-building and technical assistance under the Minamata Convention. "
    "Lists are JSON, filterable by query parameters; errors share one envelope. "
    "Scripts authenticate with a personal token (created under /accounts/tokens/): "
    "`Authorization: Bearer mkb_...`; it acts with its owner's permissions, and a read-only "
    "token is refused on writes.",
    urls_namespace="api-1",
    docs_url="/docs",
)
# Values no operation can hold (huge integers, NaN, NUL, deep JSON) are refused in the
# envelope (api/guards.py); innermost, so strangers and CSRF failures are refused first.
api.add_decorator(guard_request, mode="view")
api.add_decorator(guard_values, mode="operation")
# Every write from a signed-in session needs the CSRF token, whatever the operation's auth.
api.add_decorator(enforce_csrf, mode="view")
# Strangers are refused before anything reads the body (see api/anonymous.py).
api.add_decorator(refuse_anonymous_writes, mode="view")
# Outermost: `Authorization: Bearer <token>` sets the user to the token's owner, or answers
# 401 for any unusable token (see api/bearer.py).
api.add_decorator(authenticate_bearer, mode="view")


@api.exception_handler(NinjaValidationError)
def _validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    details = [
        {"field": ".".join(str(p) for p in e.get("loc", [])), "message": e.get("msg", "")}
        for e in exc.errors
    ]
    return error_response(request, 422, "invalid_input", "The request is not valid.", details)


@api.exception_handler(ValidationError)
def _model_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    details = (
        [{"field": k, "message": " ".join(str(m) for m in v)} for k, v in exc.message_dict.items()]
        if hasattr(exc, "error_dict")
        else [{"field": "", "message": m} for m in exc.messages]
    )
    return error_response(request, 422, "invalid_input", "The request is not valid.", details)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error_response(request, 403, "forbidden", str(exc) or "You may not do this.")


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error_response(request, 401, "unauthenticated", "Sign in first.")


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(request, 404, "not_found", str(exc) or "Not found.")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code = {
        400: "bad_request",
        401: "unauthenticated",
        403: "forbidden",
        404: "not_found",
        409: "conflict",
    }
    return error_response(request, exc.status_code, code.get(exc.status_code, "error"), str(exc))


# Every app with an api.py contributes its router.
for _module in app_modules("api"):
    api.add_router("/", _module.router)


@api.get("/reference", include_in_schema=False, auth=None)
def api_reference(request: HttpRequest) -> HttpResponse:
    """The API reference as a page of the site (api/reference.py)."""
    return reference(request, api.get_openapi_schema())
