"""Text hygiene for anything users type or upload."""

from __future__ import annotations

import re

import nh3

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plain_text(value: str) -> str:
    """Strip all markup and control characters; what remains is shown escaped anyway."""
    cleaned = nh3.clean(value or "", tags=set(), attributes={}, strip_comments=True)
    # nh3 escapes &, < and > in text; turn them back into characters (templates escape on output).
    cleaned = cleaned.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return _CONTROL.sub("", cleaned).strip()
