"""Charts of the COP documents (matplotlib, PNG bytes)."""

from __future__ import annotations

import io

FONTS = ["DejaVu Sans", "Noto Sans CJK SC", "Noto Sans CJK JP"]


def theme_chart(labels: list[str], values: list[int], lang: str = "en") -> bytes:
    """Horizontal bars: parties per theme (Arabic editions pass row numbers as labels, since
    matplotlib does not shape Arabic script)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.ticker import MaxNLocator

    with plt.rc_context({"font.family": FONTS, "font.size": 9}):
        height = 0.35 * len(labels) + 0.8
        fig, ax = plt.subplots(figsize=(6.2, height), dpi=150)
        try:
            y = list(range(len(labels)))[::-1]
            ax.barh(y, values, color="#1f5c99")
            ax.set_yticks(y, labels)
            for yi, v in zip(y, values, strict=True):
                ax.text(v + 0.1, yi, str(v), va="center", fontsize=8)
            ax.set_xlim(0, max(values or [1]) + 1.5)
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            for side in ("top", "right"):
                ax.spines[side].set_visible(False)
            if lang == "ar":
                ax.invert_xaxis()
                ax.yaxis.tick_right()
            fig.tight_layout()
            buf = io.BytesIO()
            fig.savefig(buf, format="png")
            return buf.getvalue()
        finally:
            plt.close(fig)
