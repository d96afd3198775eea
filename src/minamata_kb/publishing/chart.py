"""Charts of the COP documents (matplotlib, PNG bytes), labelled in the edition's language.

Matplotlib here lays text out with libraqm (HarfBuzz + FriBidi), so Arabic labels are shaped and
ordered right to left, Latin runs inside them included; the font list covers Latin, Cyrillic,
Chinese and Arabic.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

FONTS = ["DejaVu Sans", "Noto Sans CJK SC", "Noto Sans Arabic", "Amiri"]
FONT_FIRST = {"zh": "Noto Sans CJK SC", "ar": "Noto Sans Arabic"}


def fonts(lang: str) -> list[str]:
    """The font fallback list for an edition, its own script first."""
    first = FONT_FIRST.get(lang)
    return [first, *[f for f in FONTS if f != first]] if first else list(FONTS)


@contextmanager
def figure(lang: str, width: float, height: float) -> Iterator[tuple[Any, Any]]:
    """A matplotlib figure and axes in the edition's fonts (closed on exit)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    with plt.rc_context({"font.family": fonts(lang), "font.size": 9}):
        fig, ax = plt.subplots(figsize=(width, height), dpi=150)
        try:
            yield fig, ax
        finally:
            plt.close(fig)


def png(fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def theme_chart(labels: list[str], values: list[int], lang: str = "en") -> bytes:
    """Horizontal bars: parties per theme, labelled in the edition's language (mirrored for
    right-to-left editions: labels on the right, bars growing leftwards)."""
    from matplotlib.ticker import MaxNLocator

    with figure(lang, 6.2, 0.35 * len(labels) + 0.8) as (fig, ax):
        y = list(range(len(labels)))[::-1]
        ax.barh(y, values, color="#1f5c99")
        ax.set_yticks(y, labels)
        for yi, v in zip(y, values, strict=True):
            ax.text(v + 0.1, yi, str(v), va="center", ha="right" if lang == "ar" else "left",
                    fontsize=8)  # fmt: skip
        ax.set_xlim(0, max(values or [1]) + 1.5)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        for side in ("top", "left" if lang == "ar" else "right"):
            ax.spines[side].set_visible(False)
        if lang == "ar":
            ax.invert_xaxis()
            ax.yaxis.tick_right()
        return png(fig)
