"""Input every API operation refuses before its own code runs, checked once for the whole API.

Values the database or Python cannot hold used to travel to the ORM and come back as a 500
page: integers beyond 64 bits (`offset`, `call`, `articles`...), NaN and Infinity, strings
with NUL (PostgreSQL refuses them) or lone surrogates (no encoding can store them), JSON
nested thousands deep. Two decorators on the NinjaAPI refuse them in the API envelope:

- `guard_request` (view mode: before ninja parses anything) reads a JSON body with strict
  rules: well-formed UTF-8 JSON, at most `MAX_DEPTH` levels, no NaN/Infinity, integers that
  fit in 64 bits, text without NUL or lone surrogates; query and form values without NUL.
  A malformed body answers 400, a well-formed one with a value out of range 422 naming where.
- `guard_values` (operation mode: after validation, before the operation) walks the values
  the operation receives, so a number that arrived as text (`?offset=1180591620717411303424`,
  a form field, `"123…"` coerced by the schema) is held to the same bounds.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import Any

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest
from django.utils.translation import gettext as _

from minamata_kb.core.envelope import error_response
from minamata_kb.core.safejson import Refused, check_text, check_values, parse_json


def _query_and_form(request: HttpRequest) -> Iterator[tuple[str, str]]:
    for key, values in request.GET.lists():
        yield key, key
        for v in values:
            yield key, v
    if request.method != "GET" and request.content_type in (
        "multipart/form-data",
        "application/x-www-form-urlencoded",
    ):
        for key, values in request.POST.lists():
            yield key, key
            for v in values:
                yield key, v


def _refusal(request: HttpRequest, exc: Refused) -> Any:
    if exc.status == 400:
        return error_response(request, 400, "bad_request", exc.message)
    return error_response(
        request,
        exc.status,
        "invalid_input",
        _("The request is not valid."),
        [{"field": exc.field, "message": exc.message}],
    )


def guard_request(run: Callable[..., Any]) -> Callable[..., Any]:
    """Decorator for `Operation.run` (NinjaAPI.add_decorator(..., mode="view"))."""

    @functools.wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        try:
            for key, value in _query_and_form(request):
                check_text(value, [key])
            for key, value in kwargs.items():  # path parameters, still text
                if isinstance(value, str):
                    check_text(value, [key])
            if request.content_type == "application/json" and request.body:
                parse_json(request.body)
        except Refused as exc:
            return _refusal(request, exc)
        except RequestDataTooBig:
            return error_response(request, 413, "too_large", _("The request body is too large."))
        except (TooManyFieldsSent, TooManyFilesSent):
            return error_response(request, 400, "bad_request", _("Too many fields or files."))
        return run(request, *args, **kwargs)

    return wrapper


def guard_values(view: Callable[..., Any]) -> Callable[..., Any]:
    """Decorator for the operation's view (NinjaAPI.add_decorator(..., mode="operation"))."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        try:
            for name, value in kwargs.items():
                check_values(value, None, [name])  # the body's depth was bounded before parsing
        except Refused as exc:
            return _refusal(request, exc)
        return view(request, *args, **kwargs)

    return wrapper
