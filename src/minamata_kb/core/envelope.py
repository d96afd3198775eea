"""The API's one error envelope: `{"error": {"code", "message", "details"}}`.

Here, low in the layers, so that whatever refuses a request before the API runs (the sign-in
lockout, the API's own gatekeepers, the catch-all for unknown /api/ paths) answers in the same
shape as the API's exception handlers, without importing the API that installs them.
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from django.http import Http404, HttpRequest, HttpResponse
from ninja.responses import NinjaJSONEncoder

T = TypeVar("T")


def found(obj: T | None, message: str) -> T:
    """`obj`, or a 404 whose envelope says `message` (what was asked for and is not there)."""
    if obj is None:
        raise Http404(message)
    return obj


def error_response(
    request: HttpRequest, status: int, code: str, message: str, details: list[Any] | None = None
) -> HttpResponse:
    """The envelope as a response (JSON, UTF-8), as django-ninja renders it."""
    body = {"error": {"code": code, "message": str(message), "details": details or []}}
    return HttpResponse(
        json.dumps(body, cls=NinjaJSONEncoder),
        status=status,
        content_type="application/json; charset=utf-8",
    )
