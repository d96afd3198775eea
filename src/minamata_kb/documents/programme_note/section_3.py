"""Section III, the secretariat's activities in the period (seed ¶13–17).

Partners and centres involved, projects by channel, requests answered and how fast, the
Minamata Online sessions with participation by gender, and the tools published. Each part
says plainly when the records hold nothing for the period.
"""

from __future__ import annotations

import statistics
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from minamata_kb.documents.programme_note.context import Ctx, refs
from minamata_kb.documents.programme_note.data import CENTRES
from minamata_kb.publishing.formatting import sort_names

# Channels of the projects paragraph, in the seed's order (¶14–15).
PROJECT_CHANNELS = ("gef", "sip", "special_programme", "bilateral", "multilateral", "secretariat")


def build(ctx: Ctx) -> None:
    ctx.block(
        "h1", _("III. Capacity-building and technical assistance activities of the secretariat")
    )
    m = ctx.data["meeting"]
    ctx.para(
        _("This section covers the period from {start} to {end}.").format(
            start=ctx.date(m["period_start"]), end=ctx.date(m["period_end"])
        ),
        [f"COP-{m['number']} (reporting period)"],
    )
    acts = ctx.data["activities"]
    _partners(ctx, acts)
    _projects(ctx, acts)
    _requests(ctx, ctx.data["requests"])
    _online(ctx, ctx.data["events"])
    _tools(ctx, ctx.data["tools"])


def _partners(ctx: Ctx, acts: list[dict[str, Any]]) -> None:
    """Partners and centres involved: executing partners, and providers other than the
    secretariat; the regional and subregional centres among them named apart."""
    involved = [a for a in acts if a["partners"] or a["provider"] not in ("", "secretariat")]
    partners = sort_names(
        {p for a in acts for p in a["partners"]}
        | {a["provider_name"] for a in acts if a["provider"] not in ("", "secretariat")}
    )
    if not partners:
        ctx.para(_("No partner organisation of an activity is recorded for the period."))
        return
    centres = sort_names(
        {c for a in acts for c in a["centres"]}
        | {a["provider_name"] for a in acts if a["provider_kind"] in CENTRES}
    )
    text = ngettext(
        "{n} partner organisation took part in delivering the activities: {names}.",
        "{n} partner organisations took part in delivering the activities: {names}.",
        len(partners),
    ).format(n=ctx.num(len(partners)), names=ctx.join(partners))
    if centres:
        text += ctx.sp + ngettext(
            "{n} of them is a regional or subregional centre: {names}.",
            "{n} of them are regional or subregional centres: {names}.",
            len(centres),
        ).format(n=ctx.num(len(centres)), names=ctx.join(centres))
    ctx.para(text, refs("ACT", [a["id"] for a in involved]))


def _projects(ctx: Ctx, acts: list[dict[str, Any]]) -> None:
    if not acts:
        ctx.para(
            _("No capacity-building or technical assistance project is recorded for the period.")
        )
        return
    channels = ctx.data["submissions"]["channels"] if ctx.data["submissions"] else {}
    by_channel: dict[str, list[dict[str, Any]]] = {}
    for a in acts:
        by_channel.setdefault(a["channel"] or a["funding"], []).append(a)
    rows = []
    for slug in sorted(
        by_channel,
        key=lambda c: (
            c not in PROJECT_CHANNELS,
            PROJECT_CHANNELS.index(c) if c in PROJECT_CHANNELS else 0,
            c,
        ),
    ):
        items = by_channel[slug]
        label = ctx.name(channels.get(slug)) or slug or _("channel not stated")
        examples = "; ".join(a["title"] for a in items[:2])
        rows.append([label, ctx.num(len(items)), examples])
    ctx.para(
        ngettext(
            "{n} project or activity was under way in the period; the table below gives them by"
            " channel, with examples (titles as recorded).",
            "{n} projects or activities were under way in the period; the table below gives them"
            " by channel, with examples (titles as recorded).",
            len(acts),
        ).format(n=ctx.num(len(acts))),
        refs("ACT", [a["id"] for a in acts]),
    )
    ctx.block("table", head=[_("Channel"), _("Projects"), _("Examples")], rows=rows)


def _requests(ctx: Ctx, reqs: list[dict[str, Any]]) -> None:
    if not reqs:
        ctx.para(_("No request for assistance from a party is recorded for the period."))
        return
    answered = [r for r in reqs if r["days"] is not None]
    text = ngettext(
        "The secretariat received {n} request from parties for information or assistance;",
        "The secretariat received {n} requests from parties for information or assistance;",
        len(reqs),
    ).format(n=ctx.num(len(reqs)))
    if answered:
        median = statistics.median(r["days"] for r in answered)
        text += ctx.sp + ngettext(
            "{a} was answered, in a median of {d} day.",
            "{a} were answered, in a median of {d} days.",
            int(median),
        ).format(a=ctx.num(len(answered)), d=ctx.num(median))
    else:
        text += ctx.sp + _("none has been answered yet.")
    ctx.para(text, refs("REQ", [r["id"] for r in reqs]))


def _online(ctx: Ctx, events: list[dict[str, Any]]) -> None:
    sessions = [e for e in events if e["series"] == "Minamata Online"]
    if not sessions:
        ctx.para(_("No Minamata Online session is recorded for the period."))
        return
    women = sum(e["women"] for e in sessions)
    men = sum(e["men"] for e in sessions)
    other = sum(e["other"] for e in sessions)
    text = ngettext(
        "The secretariat held {n} Minamata Online session, from {first} to {last}.",
        "The secretariat held {n} Minamata Online sessions, from {first} to {last}.",
        len(sessions),
    ).format(
        n=ctx.num(len(sessions)),
        first=ctx.date(sessions[0]["date"]),
        last=ctx.date(sessions[-1]["date"]),
    )
    if women + men + other:
        text += ctx.sp + _(
            "Participation recorded: {total} participants, of whom {women} women, {men} men and"
            " {other} not stated."
        ).format(
            total=ctx.num(women + men + other), women=ctx.num(women), men=ctx.num(men),
            other=ctx.num(other),
        )  # fmt: skip
    else:
        text += ctx.sp + _("No participation by gender is recorded for these sessions.")
    ctx.para(text, refs("EV", [e["id"] for e in sessions]))


def _tools(ctx: Ctx, tools: list[dict[str, Any]]) -> None:
    """Tools published, counted once whatever their languages; examples in the edition's
    language where the tool has a version in it."""
    if not tools:
        ctx.para(_("No tool or information resource published in the period is recorded."))
        return
    groups: dict[str, list[dict[str, Any]]] = {}
    for t in tools:
        groups.setdefault(t["group"], []).append(t)

    def pick(versions: list[dict[str, Any]]) -> dict[str, Any]:
        for lang in (ctx.lang, "en"):
            for v in versions:
                if v["language"] == lang:
                    return v
        return versions[0]

    chosen = [pick(v) for v in groups.values()]
    chosen.sort(key=lambda t: (t["language"] != ctx.lang, t["date"] or "", t["id"]))
    ctx.para(
        ngettext(
            "{n} tool or information resource dated in the period is published in the knowledge"
            " base, including: {examples}.",
            "{n} tools and information resources dated in the period are published in the"
            " knowledge base, including: {examples}.",
            len(groups),
        ).format(n=ctx.num(len(groups)), examples="; ".join(t["title"] for t in chosen[:3])),
        refs("RES", [t["id"] for t in tools]),
    )
