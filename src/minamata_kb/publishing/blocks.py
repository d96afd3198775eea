"""What every COP document is built as: a list of neutral blocks (heading, paragraph, table,
image...) that `render` draws as Markdown, DOCX or PDF, so the formats say the same thing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Block:
    """One piece of a document: heading, paragraph, table, image, table of contents..."""

    kind: str  # header title subtitle h1 h2 p table image toc text meta pagebreak
    text: str = ""
    number: int | None = None
    rows: list[list[str]] = field(default_factory=list)
    head: list[str] = field(default_factory=list)
    data: Any = None
    anchor: str = ""
    lang: str = ""  # language of the content when it differs from the edition's


@dataclass
class Built:
    """A built document: its blocks and metadata."""

    kind: str
    lang: str
    title: str
    blocks: list[Block]
    # When the data were frozen (ISO): renderers use it for file dates (document properties)
    # so that an edition rebuilt from the same snapshot is byte-identical.
    date: str = ""
