"""JSON and values under the rules the API holds every input to (api/guards.py applies them to
every request; an importer or form field that takes JSON text applies `parse_json` itself).

Well-formed UTF-8 JSON, at most `MAX_DEPTH` levels, no NaN/Infinity, integers that fit in 64
bits, text without NUL or lone surrogates: values the database or Python cannot hold are
refused with `Refused(status, field, message)` before they reach the ORM.
"""

from __future__ import annotations

import decimal
import json
import math
from typing import Any

from django.utils.translation import gettext as _
from pydantic import BaseModel

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


def check_text(text: str, path: list[Any]) -> None:
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
        check_text(value, path)


def check_values(value: Any, max_depth: int | None, start: list[Any] | None = None) -> None:
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
                    check_text(key, path)
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
    check_values(data, MAX_DEPTH)
    return data
