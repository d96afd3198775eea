"""The programme note (seed Sections I–V) built from a meeting's frozen data.

`build(data, lang, ...)` returns the same `Built` blocks the submissions note does, so the
one renderer draws it in DOCX, PDF and Markdown. The internal edition ends with an appendix
tracing every paragraph to the records it rests on; the public edition leaves it out.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from minamata_kb.documents import texts
from minamata_kb.documents.programme_note import (
    section_1,
    section_2,
    section_3,
    section_4,
    section_5,
)
from minamata_kb.documents.programme_note.context import Ctx, MissingTranslations
from minamata_kb.publishing import formatting
from minamata_kb.publishing.blocks import Block, Built

__all__ = ["MissingTranslations", "build"]

SECTIONS = (section_1, section_2, section_3, section_4, section_5)


def _original(ctx: Ctx, code: str) -> str:
    """'Original: English' in the header's language (English in the ru, zh, ar editions)."""
    header = texts.HEADER_DATE_LANG[ctx.lang]
    with formatting.edition(header):
        return _("Original: {language}").format(language=texts.language_name(header, code))


def _front(ctx: Ctx) -> None:
    """The UN header, the meeting and agenda item, the title (page 1)."""
    note, meeting = ctx.data["note"], ctx.data["meeting"]
    name = ctx.record_text(meeting["name"], f"name of the meeting COP-{meeting['number']}")
    venue = ctx.record_text(meeting["venue"], "venue of the meeting") if meeting["venue"] else ""
    dates = _("{start} – {end}").format(
        start=ctx.date(meeting["start_date"]), end=ctx.date(meeting["end_date"])
    )
    ctx.block(
        "header",
        _("Conference of the Parties to the Minamata Convention on Mercury") + f" — {name}",
        data=[
            note["symbol"],
            _("Distr.: General"),
            formatting.format_date(note["date"], texts.HEADER_DATE_LANG[ctx.lang]),
            texts.EDITION[ctx.lang],
            _original(ctx, note["original_language"]),
        ],
    )
    ctx.block("p", _("{venue}, {dates}").format(venue=venue, dates=dates) if venue else dates)
    item = note["agenda_item"]
    if item:
        title = ctx.record_text(item["title"], f"title of agenda item {item['number']}")
        ctx.block(
            "p",
            _("Item {number} of the provisional agenda: {title}").format(
                number=item["number"], title=title
            ),
        )
    ctx.block(
        "title",
        ctx.record_text(note["title"], f"title of {note['symbol']}"),
    )
    ctx.block("subtitle", _("Note by the secretariat"))


def _appendix(ctx: Ctx, snapshot_id: int | None, taken_at: str | None) -> None:
    ctx.block("pagebreak")
    ctx.block("h1", _("Appendix (internal): the records behind each paragraph"))
    ctx.block(
        "p",
        _("Built from snapshot {snapshot} taken on {date}. Record ids: S submission, ST statement,"
          " ACT activity, EV event, REQ request, RES resource, ANS national report answer,"
          " WP work-programme item, NEED need, DUP duplicate pair.").format(
            snapshot=f"SNAP-{snapshot_id}" if snapshot_id else "—", date=ctx.date(taken_at)
        ),
    )  # fmt: skip
    ctx.block("table", head=[_("Paragraph"), _("Records")], rows=ctx.trace, data="small")


def build(
    data: dict[str, Any],
    lang: str,
    *,
    snapshot_id: int | None = None,
    internal: bool = False,
    draft: bool = False,
) -> Built:
    """The programme note in `lang`; refused (MissingTranslations) when record text the
    edition needs is not written in its language, unless `draft` (then marked [[lang? ...]])."""
    ctx = Ctx(data=data, lang=lang, draft=draft)
    with formatting.edition(lang):
        _front(ctx)
        for section in SECTIONS:
            section.build(ctx)
        if internal:
            _appendix(ctx, snapshot_id, data.get("taken_at"))
        if draft:
            ctx.blocks.insert(
                1, Block("p", _("DRAFT — not for issue. Untranslated record text is marked [[…]]."))
            )
    if ctx.missing and not draft:
        raise MissingTranslations(lang, sorted(set(ctx.missing)))
    title = next(b.text for b in ctx.blocks if b.kind == "title")
    return Built("programme_note", lang, title, ctx.blocks, date=str(data.get("taken_at") or ""))
