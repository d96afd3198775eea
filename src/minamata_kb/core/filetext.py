"""The text of a stored upload (a submission's or a library file's original): where reading it
stands on its row (``State``, ``read_original`` in a background task, ``processing`` for pages
and the API), and how long text is shown (``text_page``, ``clip``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from minamata_kb.core.files import CONTENT_TYPES, failure_message
from minamata_kb.core.sandbox import Extraction, extract


class State(models.TextChoices):
    """Where reading an upload's text stands (stored on the file's row)."""

    PENDING = "pending", _("Waiting to be read")
    PROCESSING = "processing", _("Being read")
    DONE = "done", _("Read")
    FAILED = "failed", _("Could not be read")


def read_original(
    row: Any, *, text_field: str, more: Callable[[str], dict[str, Any]] | None = None
) -> Extraction | None:
    """Read the text of ``row.original`` (a Submission or ResourceFile) and record the outcome
    in one UPDATE: text, cut flag and state ``done``, or state ``failed`` with the reason code
    and no text (nothing half-written). ``more(text)`` adds fields (the language). Runs in a
    background task; a row already done, or gone, is left alone (None)."""
    model = type(row)
    claimed = model.objects.filter(
        pk=row.pk, extraction_state__in=[State.PENDING, State.PROCESSING]
    ).update(extraction_state=State.PROCESSING)
    if not claimed:
        return None
    kind = {v: k for k, v in CONTENT_TYPES.items()}.get(row.content_type, "txt")
    try:
        with row.original.open("rb") as fh:
            data = fh.read()
    except OSError:
        result = Extraction(error="crashed")
    else:
        result = extract(kind, data)
    if result.error:
        fields: dict[str, Any] = {text_field: "", "text_truncated": False}
        fields |= {"extraction_state": State.FAILED, "extraction_error": result.error}
    else:
        fields = {text_field: result.text, "text_truncated": result.truncated}
        fields |= {"extraction_state": State.DONE, "extraction_error": ""}
        fields |= more(result.text) if more else {}
    model.objects.filter(pk=row.pk, extraction_state=State.PROCESSING).update(**fields)
    for name, value in fields.items():
        setattr(row, name, value)
    return result


def processing(row: Any) -> dict[str, Any]:
    """How reading a row's original stands, for pages and the API."""
    failed = row.extraction_state == State.FAILED
    return {
        "extraction_state": str(row.extraction_state),
        "extraction_error": failure_message(row.extraction_error) if failed else "",
        "text_truncated": bool(row.text_truncated),
    }


TEXT_PAGE_CHARS = 20_000  # characters of extracted text per page of a public rendering


@dataclass(frozen=True)
class TextPage:
    """One page of a long text: ``text``, its number and the count (1-based)."""

    text: str
    number: int
    count: int
    length: int

    @property
    def truncated(self) -> bool:
        return self.count > 1

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.count else None


def text_page(text: str, number: Any = 1, size: int = TEXT_PAGE_CHARS) -> TextPage:
    """Page ``number`` of ``text`` cut into pages of ``size`` characters (bad numbers: 1)."""
    count = max(1, -(-len(text) // size))
    try:
        n = min(max(int(str(number)[:6]), 1), count)
    except ValueError:
        n = 1
    return TextPage(text[(n - 1) * size : n * size], n, count, len(text))


def clip(text: str, size: int = TEXT_PAGE_CHARS) -> tuple[str, bool]:
    """``text`` cut at ``size`` characters with a visible marker, and whether it was cut."""
    if len(text) <= size:
        return text, False
    return text[:size] + "\n[…] " + gettext("(truncated)"), True
