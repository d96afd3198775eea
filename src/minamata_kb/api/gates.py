"""What the API's gatekeepers share (api/bearer.py, api/anonymous.py, api/csrf.py).

Each wraps every operation of the NinjaAPI in view mode, before ninja authenticates, parses or
validates anything: it looks at the request and either answers (a refusal in the API envelope)
or lets the operation run.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

Check = Callable[[HttpRequest], HttpResponse | None]


def is_write(request: HttpRequest) -> bool:
    """An unsafe method: POST, PUT, PATCH, DELETE."""
    return request.method not in SAFE_METHODS


def signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def gate(check: Check) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The decorator for `Operation.run` (NinjaAPI.add_decorator(..., mode="view")) that answers
    with `check(request)` when it returns a response, and runs the operation when it returns
    None."""

    def decorator(run: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(run)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            refusal = check(request)
            if refusal is not None:
                return refusal
            return run(request, *args, **kwargs)

        return wrapper

    functools.update_wrapper(decorator, check)
    return decorator
