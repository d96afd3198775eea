"""Numbers typed by people (query strings, command options) turned into database ids.

`str.isdigit()` accepts '²' and '١' (which `int()` refuses or reads) and any length (which the
database refuses): `as_id` takes ASCII digits only, within a 64-bit primary key.
"""

from __future__ import annotations

MAX_ID = 2**63 - 1


def as_id(text: object) -> int | None:
    """The positive 64-bit integer `text` spells in ASCII digits, else None."""
    if not isinstance(text, str) or not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None
