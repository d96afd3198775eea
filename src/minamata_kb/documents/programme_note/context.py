"""What every section of the programme note writes into: blocks, paragraph numbers, the trace.

A section adds numbered paragraphs with the records each one rests on (`para(text, refs)`);
record text is taken in the edition's language through `record_text`, which notes what is
missing (the edition is then refused, or marked when it is a draft).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from minamata_kb.documents.meetings import MissingTranslations, record_text
from minamata_kb.publishing import formatting
from minamata_kb.publishing.blocks import Block

__all__ = ["Ctx", "MissingTranslations", "refs"]


@dataclass
class Ctx:
    """The edition being built."""

    data: dict[str, Any]
    lang: str
    draft: bool = False
    blocks: list[Block] = field(default_factory=list)
    trace: list[list[str]] = field(default_factory=list)  # [paragraph, records]
    missing: list[str] = field(default_factory=list)
    number: int = 0

    def block(self, kind: str, text: str = "", **kw: Any) -> None:
        self.blocks.append(Block(kind, text, **kw))

    def para(self, text: str, refs: list[str] | None = None) -> None:
        """A numbered paragraph and the record ids behind it (for the internal appendix)."""
        self.number += 1
        self.blocks.append(Block("p", text, number=self.number))
        if refs:
            self.trace.append([str(self.number), ", ".join(refs)])

    def record_text(self, texts: dict[str, str] | None, what: str) -> str:
        """Record text in the edition's language; missing text is listed (and marked in drafts)."""
        return record_text(texts, self.lang, what, self.missing)

    @property
    def sp(self) -> str:
        """The space between two sentences in the edition (none in Chinese)."""
        return formatting.space(self.lang)

    def date(self, value: str | None) -> str:
        return formatting.format_date(value, self.lang)

    def num(self, value: int | float) -> str:
        return formatting.format_number(value, self.lang)

    def join(self, items: list[str]) -> str:
        return formatting.format_list(items, self.lang)

    def name(self, names: dict[str, str] | None) -> str:
        """A name held in six languages (registry, taxonomy): English when not translated."""
        names = names or {}
        return str(names.get(self.lang) or names.get("en") or "")


def refs(prefix: str, ids: list[Any]) -> list[str]:
    """Record ids as the appendix writes them, e.g. ST-4; runs of three or more consecutive
    ids are written as one range (NEED-1–NEED-373)."""
    nums = sorted({int(i) for i in ids})
    out: list[str] = []
    start = 0
    for k in range(1, len(nums) + 1):
        if k == len(nums) or nums[k] != nums[k - 1] + 1:
            run = nums[start:k]
            if len(run) >= 3:
                out.append(f"{prefix}-{run[0]}–{prefix}-{run[-1]}")
            else:
                out += [f"{prefix}-{n}" for n in run]
            start = k
    return out
