"""Charts of the analysis: inline SVG for the dashboard pages, matplotlib PNG for COP documents.

Labels inside the charts are language-neutral ("Art. 3", "Q12", percentages); titles and
legends are written around them in the reader's language.
"""

from __future__ import annotations

from html import escape

from minamata_kb.publishing.chart import figure, png

COLORS = ("#b3261e", "#e8a33d", "#2e6f9e", "#7a8a99")
Rows = list[tuple[str, list[float]]]


def stacked_bars_svg(rows: Rows, *, label: str, colors: tuple[str, ...] = COLORS) -> str:
    """Horizontal stacked bars of shares (0..1), one row per label; returns SVG markup."""
    row_h, left, width, pad = 22, 70, 420, 60
    height = row_h * len(rows) + 24
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(label)}" '
        f'viewBox="0 0 {left + width + pad} {height}" width="100%" '
        f'style="max-width:{left + width + pad}px" class="nr-chart">',
        f"<title>{escape(label)}</title>",
    ]
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        x = left + width * tick
        parts.append(
            f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height - 18}" stroke="#ddd" />'
            f'<text x="{x:.1f}" y="{height - 4}" font-size="10" text-anchor="middle" '
            f'fill="#555">{int(tick * 100)}%</text>'
        )
    for i, (name, values) in enumerate(rows):
        y = i * row_h + 3
        parts.append(
            f'<text x="{left - 6}" y="{y + 13}" font-size="11" text-anchor="end" '
            f'fill="#222">{escape(name)}</text>'
        )
        x = float(left)
        for j, value in enumerate(values):
            w = max(0.0, min(1.0, value)) * width
            if w > 0:
                parts.append(
                    f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row_h - 6}" '
                    f'fill="{colors[j % len(colors)]}"><title>{escape(name)}: '
                    f"{value * 100:.0f}%</title></rect>"
                )
            x += w
        total = sum(values)
        parts.append(
            f'<text x="{x + 4:.1f}" y="{y + 13}" font-size="10" fill="#222">'
            f"{total * 100:.0f}%</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def stacked_bars_png(
    rows: Rows, legend: list[str], *, lang: str = "en", colors: tuple[str, ...] = COLORS
) -> bytes:
    """The same chart as a PNG for COP documents, labelled in the edition's language (the
    COP documents' chart fonts and shaping; mirrored for right-to-left editions)."""
    with figure(lang, 6.0, 0.28 * max(len(rows), 3) + 1.0) as (fig, ax):
        names = [r[0] for r in rows][::-1]
        lefts = [0.0] * len(rows)
        n_series = max((len(r[1]) for r in rows), default=0)
        for j in range(n_series):
            values = [(r[1][j] if j < len(r[1]) else 0.0) * 100 for r in rows][::-1]
            ax.barh(
                names,
                values,
                left=lefts,
                color=colors[j % len(colors)],
                label=legend[j] if j < len(legend) else None,
            )
            lefts = [a + b for a, b in zip(lefts, values, strict=True)]
        ax.set_xlim(0, 100)
        ax.set_xlabel("%")
        ax.tick_params(labelsize=8)
        ax.spines[["top", "left" if lang == "ar" else "right"]].set_visible(False)
        if lang == "ar":
            ax.invert_xaxis()
            ax.yaxis.tick_right()
        if legend and n_series > 1:
            ax.legend(fontsize=8, frameon=False, loc="lower right" if lang == "ar" else "lower left",
                      bbox_to_anchor=(1, 1) if lang == "ar" else (0, 1), ncol=n_series)  # fmt: skip
        return png(fig)
