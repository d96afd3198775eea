"""Section II, the information received: the call, the submissions and what they say.

Who submitted and when (statements of fact from the call's records), then the substance: the
support provided and received by channel, the needs and challenges and their themes, the
national reports' answers on Article 14 (seed ¶11) and the organisations' reports (seed ¶12).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from minamata_kb.documents import call_text
from minamata_kb.documents.figures import Figures, compute
from minamata_kb.documents.programme_note.context import Ctx, refs
from minamata_kb.documents.programme_note.section_1 import symbol_of
from minamata_kb.publishing.formatting import collation_key

SUPPORT_ROLES = ("support_provided", "support_received")


def build(ctx: Ctx) -> None:
    ctx.block("h1", _("II. Information received"))
    calls = ctx.data["submissions"]
    if not calls:
        ctx.para(
            _("No call for information is linked to this note, so no submissions are reported.")
        )
    else:
        figs = compute(calls)
        _facts(ctx, calls, figs)
        _host_reports(ctx, calls, figs)
        for role in SUPPORT_ROLES:
            _support(ctx, calls, role)
        _needs(ctx, calls)
        _themes(ctx, calls, figs)
    _national_reports(ctx)
    _organisations(ctx)


def _facts(ctx: Ctx, calls: dict[str, Any], figs: Figures) -> None:
    call = calls["call"]
    ctx.para(call_text.letter(call, ctx.lang), [f"CALL-{call['id']}"])
    annex = symbol_of(ctx, "annex") or call.get("annex_symbol") or ""
    ctx.para(
        call_text.totals(figs, calls, ctx.lang, annex),
        refs("S", figs.total.submissions if figs.total else []),
    )
    if figs.late.value:
        ctx.para(call_text.late(figs, calls, ctx.lang), refs("S", figs.late.submissions))


def _channel(calls: dict[str, Any], slug: str, ctx: Ctx) -> str:
    return ctx.name(calls["channels"].get(slug)) or _("channel not stated")


def _host_reports(ctx: Ctx, calls: dict[str, Any], figs: Figures) -> None:
    """A party reporting the activities of an organisation it hosts (seed ¶8)."""
    if not figs.organisation_reports:
        return
    ids = [r["submission"] for r in figs.organisation_reports]
    by_id = {s["id"]: s for s in calls["submissions"]}
    names = [call_text.submitter_name(by_id[i], ctx.lang) for i in ids]
    rows = [st for st in calls["statements"] if st["submission"] in ids]
    channels = sorted({st["channel"] for st in rows if st["channel"]})
    text = ngettext(
        "{n} submission reported the activities of an organisation: {names}.",
        "{n} submissions reported the activities of organisations: {names}.",
        len(ids),
    ).format(n=ctx.num(len(ids)), names=ctx.join(names))
    if channels:
        text += ctx.sp + _("The activities reported were delivered through: {channels}.").format(
            channels=ctx.join([_channel(calls, c, ctx) for c in channels])
        )
    ctx.para(text, refs("S", ids) + refs("ST", [st["id"] for st in rows]))


def _party_rows(calls: dict[str, Any], role: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(statement, submission) of a role from parties' own submissions."""
    by_id = {s["id"]: s for s in calls["submissions"]}
    return [
        (st, by_id[st["submission"]])
        for st in calls["statements"]
        if st["role"] == role
        and by_id[st["submission"]]["party"]
        and not by_id[st["submission"]]["organisation"]
    ]


def _names(ctx: Ctx, subs: list[dict[str, Any]]) -> list[str]:
    parties = {s["party"]["code"]: s["party"] for s in subs}
    ordered = sorted(parties.values(), key=lambda p: collation_key(p["names"]["en"]))
    return [ctx.name(p["names"]) for p in ordered]


def _support(ctx: Ctx, calls: dict[str, Any], role: str) -> None:
    rows = _party_rows(calls, role)
    if not rows:
        ctx.para(
            _("No submission described support provided.")
            if role == "support_provided"
            else _("No submission described support received.")
        )
        return
    names = _names(ctx, [s for _st, s in rows])
    if role == "support_provided":
        lead = ngettext(
            "{n} party described the support it provides: {names}.",
            "{n} parties described the support they provide: {names}.",
            len(names),
        )
    else:
        lead = ngettext(
            "{n} party described the support it has received: {names}.",
            "{n} parties described the support they have received: {names}.",
            len(names),
        )
    by_channel: dict[str, list[dict[str, Any]]] = {}
    for st, sub in rows:
        by_channel.setdefault(st["channel"], []).append(sub)
    order = list(calls.get("channel_order") or sorted(calls["channels"])) + [""]
    items = [
        _("{channel}: {n} ({names})").format(
            channel=_channel(calls, slug, ctx),
            n=ctx.num(len(_names(ctx, by_channel[slug]))),
            names=ctx.join(_names(ctx, by_channel[slug])),
        )
        for slug in sorted(by_channel, key=lambda c: order.index(c) if c in order else 99)
    ]
    text = lead.format(n=ctx.num(len(names)), names=ctx.join(names))
    text += ctx.sp + _("By channel: {items}.").format(items=_("; ").join(items))
    ctx.para(text, refs("ST", [st["id"] for st, _s in rows]))


def _needs(ctx: Ctx, calls: dict[str, Any]) -> None:
    list_names = ctx.data["note"]["list_parties_under_needs"]
    for role in ("need", "challenge"):
        rows = _party_rows(calls, role)
        if not rows:
            ctx.para(
                _("No submission described needs.")
                if role == "need"
                else _("No submission described challenges.")
            )
            continue
        names = _names(ctx, [s for _st, s in rows])
        if role == "need":
            text = ngettext(
                "{n} party described its capacity-building and technical assistance needs.",
                "{n} parties described their capacity-building and technical assistance needs.",
                len(names),
            )
        else:
            text = ngettext(
                "{n} party described the challenges it meets.",
                "{n} parties described the challenges they meet.",
                len(names),
            )
        text = text.format(n=ctx.num(len(names)))
        if list_names:
            text += ctx.sp + _("They are: {names}.").format(names=ctx.join(names))
        topics = sorted({t for st, _s in rows for t in st["topics"]})
        if topics:
            labels = [ctx.name(calls["topics"].get(t, {}).get("names")) or t for t in topics]
            text += ctx.sp + _("The themes concerned are: {themes}.").format(
                themes=ctx.join(labels)
            )
        ctx.para(text, refs("ST", [st["id"] for st, _s in rows]))


THEME_ROLES = ("need", "challenge", "support_received", "support_provided")


def _themes(ctx: Ctx, calls: dict[str, Any], figs: Figures) -> None:
    """Parties per theme, in all and by kind of statement (the substance by theme)."""
    if not figs.themes:
        return
    ctx.para(
        _("The table below gives, for each theme, the number of parties that address it, in all"
          " and by kind of statement, and the number of statements."),
        refs("ST", [i for _slug, _p, st in figs.themes for i in st.statements]),
    )  # fmt: skip
    roles = [ctx.name(calls["roles"].get(r)) or r for r in THEME_ROLES]
    rows = [
        [
            ctx.name(calls["topics"][slug]["names"]),
            ctx.num(parties.value),
            *[ctx.num(figs.theme_roles[slug][r]) for r in THEME_ROLES],
            ctx.num(statements.value),
        ]
        for slug, parties, statements in figs.themes
    ]
    ctx.block("table", head=[_("Theme"), _("Parties"), *roles, _("Statements")], rows=rows)


def _national_reports(ctx: Ctx) -> None:
    """Answers to the national report questions on Article 14 (seed ¶11)."""
    end = ctx.data["meeting"]["period_end"]
    cycles = [
        c for c in ctx.data["national_reports"]["cycles"] if c["article14"] and c["deadline"] <= end
    ]
    analysis = symbol_of(ctx, "national_reports")
    if analysis:
        ctx.para(
            _("The secretariat's report on the national reports received is {symbol}.").format(
                symbol=analysis
            ),
            [analysis],
        )
    if not cycles:
        ctx.para(_("No answers to the national report questions on Article 14 are recorded yet."))
        return
    for c in cycles:
        parties = sorted({p for q in c["article14"] for p in q["parties"]})
        numbers = [str(q["number"]) for q in c["article14"]]
        text = ngettext(
            "In the national reports due by {date}, {n} party answered the questions on"
            " Article 14 (questions {numbers}).",
            "In the national reports due by {date}, {n} parties answered the questions on"
            " Article 14 (questions {numbers}).",
            len(parties),
        ).format(date=ctx.date(c["deadline"]), n=ctx.num(len(parties)), numbers=ctx.join(numbers))
        ids = [a for q in c["article14"] for a in q["answers"]]
        ctx.para(text, refs("ANS", ids))


def _organisations(ctx: Ctx) -> None:
    """International organisations' own reports to the meeting (seed ¶12)."""
    symbol = symbol_of(ctx, "organisations")
    if symbol:
        ctx.para(
            _(
                "International organisations, including regional centres, report their"
                " activities relevant to the Convention in {symbol}."
            ).format(symbol=symbol),
            [symbol],
        )
    else:
        ctx.para(_("No report of international organisations is recorded for this meeting."))
