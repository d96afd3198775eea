"""Numbers typed by people (query strings, command options) turned into database ids.

`str.isdigit()` accepts '²' and '١' (which `int()` refuses or reads) and any length (which the
database refuses): `as_id` takes ASCII digits only, within a 64-bit primary key.
"""

from __future__ import annotations

import datetime as dt

MAX_ID = 2**63 - 1


def as_id(text: object) -> int | None:
    """The positive 64-bit integer `text` spells in ASCII digits, else None."""
    if not isinstance(text, str) or not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None


# Command-line values: argparse types that refuse what the command cannot use, so the user
# gets one line ("argument --today: ...") instead of a traceback from deep inside.

MAX_SECONDS = 10 * 365 * 24 * 3600.0


def seconds_arg(text: str) -> float:
    """A duration in seconds: a finite number from 0 to ten years."""
    import argparse
    import math

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not math.isfinite(value) or not 0 <= value <= MAX_SECONDS:
        raise argparse.ArgumentTypeError(f"{text!r}: give seconds from 0 to {MAX_SECONDS:.0f}")
    return value


def date_arg(text: str) -> dt.date:
    """A calendar date written YYYY-MM-DD."""
    import argparse

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None
