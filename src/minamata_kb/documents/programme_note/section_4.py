"""Section IV, the next biennium (seed ¶18–21): areas for support from the national reports,
the work-programme items (a)–(d) with budget and source, how the knowledge base is used."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from minamata_kb.documents.programme_note.context import Ctx, refs
from minamata_kb.documents.programme_note.section_1 import symbol_of

TOP_AREAS = 5


def build(ctx: Ctx) -> None:
    ctx.block(
        "h1",
        _(
            "IV. The secretariat's view of capacity-building and technical assistance for the next biennium"
        ),
    )
    _areas(ctx)
    _work_programme(ctx)
    _knowledge_base(ctx)


def _areas(ctx: Ctx) -> None:
    end = ctx.data["meeting"]["period_end"]
    every = ctx.data["national_reports"]["cycles"]
    cycles = [c for c in every if c["parties"] and c["deadline"] <= end]
    upcoming = [c for c in every if c["deadline"] > end]
    if upcoming:
        c = upcoming[0]
        ctx.para(
            (
                _("The next short national reports are due by {date}; the secretariat will analyse"
                  " the answers when they are received.")
                if c["kind"] == "short"
                else _("The next full national reports are due by {date}; the secretariat will"
                       " analyse the answers carefully, as they are likely to shape the"
                       " capacity-building and technical assistance of the next biennium.")
            ).format(date=ctx.date(c["deadline"]))
        )  # fmt: skip
    if not cycles:
        ctx.para(
            _(
                "No national report has been submitted yet, so no area for support is drawn from them."
            )
        )
        return
    for c in cycles:
        top = c["gaps"][:TOP_AREAS]
        if c["kind"] == "short":
            lead = _("From the short national reports due by {date} ({n} parties reported),")
        else:
            lead = _("From the full national reports due by {date} ({n} parties reported),")
        lead = lead.format(date=ctx.date(c["deadline"]), n=ctx.num(len(c["parties"])))
        if not top:
            ctx.para(lead + ctx.sp + _("no answer points to an area where support is needed."))
            continue
        items = [
            _("question {number} ({text}): {n}").format(
                number=q["number"], text=ctx.record_text(q["text"], f"text of national report question {q['number']}"),
                n=ctx.num(len(q["parties"])),
            )
            for q in top
        ]  # fmt: skip
        ctx.para(
            lead + ctx.sp + _("the answers that point to areas where parties could benefit from"
                           " more support are, with the number of parties: {items}.").format(
                items=_("; ").join(items)
            ),
            refs("ANS", [a for q in top for a in q["answers"]]),
        )  # fmt: skip


def _budget(ctx: Ctx, lines: list[dict[str, Any]], source: str) -> str:
    picked = [b for b in lines if b["source"] == source]
    if not picked:
        return "—"
    total = sum((Decimal(b["amount"]) for b in picked), Decimal(0))
    currency = "/".join(sorted({b["currency"] for b in picked}))
    return f"{ctx.num(int(total))} {currency}"


def _work_programme(ctx: Ctx) -> None:
    wp = ctx.data["work_programme"]
    if not wp["items"]:
        ctx.para(_("No work programme for the next biennium is recorded."))
        return
    budget_doc = symbol_of(ctx, "work_programme")
    text = ngettext(
        "The work programme for {biennium} has {n} item, funded from the Special Trust Fund and"
        " voluntary resources as shown below.",
        "The work programme for {biennium} has {n} items, funded from the Special Trust Fund and"
        " voluntary resources as shown below.",
        len(wp["items"]),
    ).format(biennium=wp["biennium"], n=ctx.num(len(wp["items"])))
    if budget_doc:
        text += ctx.sp + _("The work programme and budget are set out in {symbol}.").format(
            symbol=budget_doc
        )
    ctx.para(text, refs("WP", [i["id"] for i in wp["items"]]))
    rows = [
        [
            i["code"],
            i["title"],
            _budget(ctx, i["budget"], "special_trust_fund"),
            _budget(ctx, i["budget"], "voluntary"),
        ]
        for i in wp["items"]
    ]
    ctx.block(
        "table",
        head=[
            _("Item"),
            _("Activity (as recorded)"),
            _("Special Trust Fund"),
            _("Voluntary resources"),
        ],
        rows=rows,
    )


def _knowledge_base(ctx: Ctx) -> None:
    kb = ctx.data["knowledge_base"]
    needs, matched, dups = kb["needs"], kb["matched"], kb["duplicates"]
    if not needs and not dups:
        ctx.para(_("The knowledge base holds no needs or duplicate checks yet."))
        return
    text = ngettext(
        "The knowledge base links {n} recorded need to the help available;",
        "The knowledge base links {n} recorded needs to the help available;",
        len(needs),
    ).format(n=ctx.num(len(needs)))
    text += ctx.sp + ngettext(
        "{m} has an accepted match and the rest show where tools or training are missing.",
        "{m} have an accepted match and the rest show where tools or training are missing.",
        len(matched),
    ).format(m=ctx.num(len(matched)))
    text += ctx.sp + ngettext(
        "{d} pair of activities was found to be the same effort and counted once, avoiding duplication.",
        "{d} pairs of activities were found to be the same effort and counted once, avoiding duplication.",
        len(dups),
    ).format(d=ctx.num(len(dups)))
    gaps = kb.get("gaps") or []
    if gaps:
        items = [
            _("{theme} (needs: {needs}; resources: {resources}; activities: {activities})").format(
                theme=ctx.name(g["names"]), needs=ctx.num(g["needs"]),
                resources=ctx.num(g["resources"]), activities=ctx.num(g["activities"]),
            )
            for g in gaps
        ]  # fmt: skip
        text += ctx.sp + _(
            "The largest gaps, where needs are recorded and little is published to answer"
            " them, are: {items}. They will steer which tools are developed next."
        ).format(items=_("; ").join(items))
    ctx.para(text, refs("NEED", needs) + refs("DUP", dups))
