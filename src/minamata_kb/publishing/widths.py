"""Table column widths from the content, measured in each edition's table font (DOCX and PDF
tables alike): no word is broken, the rest of the line goes where the text is."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

CONTENT_CM = 17.0  # A4 width less 2 cm margins

TABLE_PT = 9.0  # the size of table text (DOCX "Table Text", PDF tables)
# The face each edition's tables are measured in (the first of its font stack).
MEASURE_FAMILY = {"zh": "Noto Serif CJK SC", "ar": "Amiri"}
_CJK = re.compile(r"[\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFFEF]")


@lru_cache(maxsize=16)
def _face(lang: str, bold: bool) -> Any:
    """The edition's table font at TABLE_PT (PIL), found through matplotlib's font list; None
    when it is not installed (an estimate is used then)."""
    try:
        from matplotlib import font_manager
        from PIL import ImageFont

        family = MEASURE_FAMILY.get(lang, "DejaVu Serif")
        props = font_manager.FontProperties(family=family, weight="bold" if bold else "normal")
        path = font_manager.findfont(props, fallback_to_default=False)
        return ImageFont.truetype(path, size=int(TABLE_PT * 10))  # tenths of a point
    except (ImportError, OSError, ValueError):
        return None


def text_width(text: str, lang: str = "en", bold: bool = False) -> float:
    """Width of `text` set in the edition's table font, in cm."""
    face = _face(lang, bold)
    if face is not None:
        points = face.getlength(text) / 10
    else:  # no font file: East Asian characters one em, others about 0.6 em
        wide = sum(1 for c in text if unicodedata.east_asian_width(c) in ("W", "F"))
        points = (wide + 0.62 * (len(text) - wide)) * TABLE_PT * (1.08 if bold else 1.0)
    return points / 72 * 2.54


def longest_word(text: str, lang: str = "en", bold: bool = False) -> float:
    """Width (cm) of the longest piece that must not break: a word; East Asian text may break
    between any two characters."""
    best = 0.0
    for word in text.split():
        for piece in _CJK.split(word):
            best = max(best, text_width(piece, lang, bold))
        if _CJK.search(word):
            best = max(best, text_width("\u4e00", lang, bold))
    return best


def column_widths(
    rows: list[list[str]], total: float, lang: str = "en", head: bool = False
) -> list[float]:
    """Column widths (in the unit of `total`, a 17 cm line) from the content, measured in the
    edition's table font: each column at least as wide as its longest word, the rest of the line
    shared in proportion to how much text each column holds (the automatic layout of HTML
    tables), so no word is broken. `head`: the first row is bold."""
    cols = max((len(r) for r in rows), default=0)
    if not cols:
        return []
    pad = 0.4  # cell margins and borders, cm
    low = [0.0] * cols
    high = [0.0] * cols
    for r, row in enumerate(rows):
        bold = head and r == 0
        for i, cell in enumerate(row):
            low[i] = max(low[i], longest_word(cell, lang, bold) + pad)
            high[i] = max(high[i], min(text_width(cell, lang, bold), 40.0) + pad)
    scale = total / CONTENT_CM
    low = [x * scale for x in low]
    high = [max(h * scale, lo) for h, lo in zip(high, low, strict=True)]
    if sum(high) <= total:
        extra = total - sum(high)
        return [h + extra * h / sum(high) for h in high]
    if sum(low) >= total:
        return [lo * total / sum(low) for lo in low]
    spare = total - sum(low)
    want = [h - lo for h, lo in zip(high, low, strict=True)]
    return [lo + spare * w / sum(want) for lo, w in zip(low, want, strict=True)]
