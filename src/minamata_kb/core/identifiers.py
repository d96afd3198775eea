"""The one alphabet of identifiers a person chooses (resource ids, activity and event codes,
organisation and technology slugs, cycle codes...).

An identifier is 1 to `max_length` characters of ASCII letters, digits, `-` and `_`, starting
with a letter or a digit. That is exactly what Django's `slug` path converter routes, so every
identifier can be put in a URL, reversed and read back unchanged: no `/`, `?`, `#`, `%`, dots,
spaces, control or look-alike Unicode characters. Whether case is folded is the entity's choice
(activity codes are lower-cased; resource ids keep their case).

Use `check_identifier` in parsers and services (it raises Django's ValidationError with a
translated message), `IdentifierValidator` on model and form fields, `is_identifier` where a
reader must cope with rows written before the rule existed, and `Identifier` as a pydantic type
in API schemas.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from pydantic import AfterValidator, WithJsonSchema

MAX_LENGTH = 200
PATTERN = r"[A-Za-z0-9][A-Za-z0-9_-]*"
_RE = re.compile(rf"{PATTERN}\Z")


def is_identifier(value: Any, max_length: int = MAX_LENGTH) -> bool:
    """True when `value` is a string in the identifier alphabet and not too long."""
    return isinstance(value, str) and len(value) <= max_length and _RE.match(value) is not None


def identifier_message(value: Any, max_length: int = MAX_LENGTH) -> str:
    """The translated explanation of why `value` is refused (shown beside the field)."""
    shown = repr(value)[:60] if isinstance(value, str) else type(value).__name__
    return _(
        "%(value)s is not a valid identifier: use 1 to %(max)d letters (A-Z, a-z), digits, "
        "'-' or '_', starting with a letter or a digit"
    ) % {"value": shown, "max": max_length}


def check_identifier(value: Any, max_length: int = MAX_LENGTH, *, field: str = "") -> str:
    """Return `value` when valid; raise ValidationError (keyed by `field` if given)."""
    if is_identifier(value, max_length):
        return str(value)
    message = identifier_message(value, max_length)
    raise ValidationError({field: [message]} if field else message, code="invalid_identifier")


@deconstructible
class IdentifierValidator:
    """Django validator (model and form fields) for the identifier alphabet."""

    code = "invalid_identifier"

    def __init__(self, max_length: int = MAX_LENGTH) -> None:
        self.max_length = max_length

    def __call__(self, value: Any) -> None:
        if not is_identifier(value, self.max_length):
            raise ValidationError(identifier_message(value, self.max_length), code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, IdentifierValidator) and other.max_length == self.max_length


def _pydantic_check(value: str) -> str:
    if not is_identifier(value):
        # pydantic turns ValueError into a 422 entry for the field
        raise ValueError(identifier_message(value))
    return value


Identifier = Annotated[
    str,
    AfterValidator(_pydantic_check),
    WithJsonSchema(
        {"type": "string", "pattern": f"^{PATTERN}$", "minLength": 1, "maxLength": MAX_LENGTH}
    ),
]
"""A pydantic/ninja schema type: `id: Identifier` (the OpenAPI schema shows the alphabet)."""


def identifier_fields() -> list[tuple[Any, Any]]:
    """(model, field) of every identifier column of the project's apps: fields carrying an
    IdentifierValidator, and unique slug fields (they are routed by `<slug:...>` URLs)."""
    from django.apps import apps
    from django.db import models

    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("minamata_kb."):
            continue
        for f in model._meta.concrete_fields:
            checked = any(isinstance(v, IdentifierValidator) for v in f.validators)
            if checked or (isinstance(f, models.SlugField) and f.unique):
                found.append((model, f))
    return found


def bad_identifiers() -> list[tuple[str, Any, str, str]]:
    """Rows written before the rule (or by hand) whose identifier is outside the alphabet:
    `(model label, primary key, field name, value)`, in model and key order."""
    bad = []
    for model, f in identifier_fields():
        limit = f.max_length or MAX_LENGTH
        rows = model._default_manager.order_by("pk").values_list("pk", f.attname)
        for pk, value in rows.iterator(chunk_size=5000):
            if not is_identifier(value, limit):
                bad.append((model._meta.label, pk, f.name, value))
    return bad
