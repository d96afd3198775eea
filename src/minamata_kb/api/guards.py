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

import decimal
import functools
import json
import math
from collections.abc import Callable, Iterator
from typing import Any

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest
from django.utils.translation import gettext as _
from pydantic import BaseModel

from minamata_kb.core.envelope import error_response

MAX_DEPTH = 32
INT_MIN, INT_MAX = -(2**63), 2**63 - 1


class Refused(Exception):
    def __init__(self, status: int, field: str, message: str) -> None:
        super().__init__(message)
        self.status, self.field, self.message = status, field, message


def _constant(name: str) -> Any:
    raise Refused(422, "", _("%(name)s is not a number this API accepts.") % {"name": name})


def _where(path: list[Any]) -> str:
    return ".".join(str(p) for p in path) or "body"


def _check_text(text: str, path: list[Any]) -> None:
    if "\x00" in text:
        raise Refused(422, _where(path), _("Text may not contain the NUL character."))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise Refused(
            422, _where(path), _("Text holds a lone surrogate, which is not a character.")
        ) from None


def _problem(value: Any, path: list[Any]) -> None:
    if isinstance(value, bool):
        return
    if isinstance(value, int):
        if not INT_MIN <= value <= INT_MAX:
            raise Refused(422, _where(path), _("The number is out of range (beyond 64 bits)."))
    elif isinstance(value, float | decimal.Decimal):
        if not math.isfinite(value):
            raise Refused(422, _where(path), _("Give a finite number."))
    elif isinstance(value, str):
        _check_text(value, path)


def _walk(value: Any, max_depth: int | None, start: list[Any] | None = None) -> None:
    """Check every value inside `value`, iteratively (no recursion, whatever the depth)."""
    stack: list[tuple[Any, list[Any]]] = [(value, start or [])]
    while stack:
        item, path = stack.pop()
        if max_depth is not None and len(path) > max_depth:
            raise Refused(
                422, _where(path[:3]), _("Nested more than %(n)d levels deep.") % {"n": max_depth}
            )
        if isinstance(item, BaseModel):
            item = dict(item)
        if isinstance(item, dict):
            for key, child in item.items():
                if isinstance(key, str):
                    _check_text(key, path)
                stack.append((child, [*path, key]))
        elif isinstance(item, list | tuple | set | frozenset):
            stack.extend((child, [*path, i]) for i, child in enumerate(item))
        else:
            _problem(item, path)


def parse_json(body: bytes) -> Any:
    """A JSON body under the rules above, or `Refused`."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Refused(
            400, "body", _("The body is not UTF-8 (byte %(at)d).") % {"at": exc.start}
        ) from None
    try:
        data = json.loads(text, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise Refused(
            400,
            "body",
            _("The body is not valid JSON: %(msg)s (line %(line)d, column %(col)d).")
            % {"msg": exc.msg, "line": exc.lineno, "col": exc.colno},
        ) from None
    except RecursionError:
        raise Refused(
            422, "body", _("Nested more than %(n)d levels deep.") % {"n": MAX_DEPTH}
        ) from None
    except ValueError:  # an integer too long for Python's int() limit
        raise Refused(422, "body", _("A number in the body is out of range.")) from None
    _walk(data, MAX_DEPTH)
    return data


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
                _check_text(value, [key])
            for key, value in kwargs.items():  # path parameters, still text
                if isinstance(value, str):
                    _check_text(value, [key])
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
                _walk(value, None, [name])  # the body's depth was bounded before parsing
        except Refused as exc:
            return _refusal(request, exc)
        return view(request, *args, **kwargs)

    return wrapper
