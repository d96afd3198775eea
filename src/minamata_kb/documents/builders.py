"""Build the note on submissions and the compilation annex as a list of neutral blocks.

The renderers (Markdown, DOCX, PDF) draw the same blocks, so the three formats always say the
same thing.
"""

from __future__ import annotations

import re
from typing import Any

from minamata_kb.core.languages import CONTENT_LANGUAGES
from minamata_kb.documents import call_text, texts
from minamata_kb.documents.figures import Figure, Figures, compute
from minamata_kb.documents.meetings import MissingTranslations, record_text
from minamata_kb.documents.texts import t
from minamata_kb.publishing import formatting
from minamata_kb.publishing.blocks import Block, Built
from minamata_kb.publishing.chart import theme_chart
from minamata_kb.publishing.formatting import collation_key

MAIN_ROLES = ("need", "support_received", "support_provided")


def _party_name(party: dict[str, Any] | None, lang: str) -> str:
    if not party:
        return ""
    return str(party["names"].get(lang) or party["names"]["en"])


def submitter(sub: dict[str, Any], lang: str) -> str:
    """How a submission's submitter is named in an edition."""
    party = _party_name(sub["party"], lang)
    org = sub["organisation"]["name"] if sub["organisation"] else ""
    if party and org:
        return t(lang, "on_behalf", party=party, org=org)
    return party or org


def call_title(data: dict[str, Any], lang: str, missing: list[str]) -> str:
    """The call's title in the edition's language: the six-language title of the meeting
    document that reports on it (the English call title when the call has no such record)."""
    call = data["call"]
    titles = call.get("titles") or {"en": call["title"]}
    return record_text(titles, lang, f"title of call {call['id']} (its meeting document)", missing)


def meeting_name(data: dict[str, Any], lang: str, missing: list[str]) -> str:
    """The meeting's name in the edition's language ("" when the call names no meeting)."""
    call = data["call"]
    names = call.get("meeting_names") or ({"en": call["meeting"]} if call["meeting"] else {})
    if not names:
        return ""
    return record_text(names, lang, f"name of the meeting of call {call['id']}", missing)


def header(data: dict[str, Any], lang: str, symbol: str, missing: list[str] | None = None) -> Block:
    """The UN header: symbol, distribution, date, edition language, original language."""
    taken = data.get("taken_at") or data["call"]["deadline"]
    meeting = meeting_name(data, lang, missing if missing is not None else [])
    return Block(
        "header",
        data=[
            symbol or "—",
            t(lang, "distr"),
            texts.date(texts.HEADER_DATE_LANG[lang], taken),
            texts.EDITION[lang],
            t(lang, "original"),
        ],
        text=t(lang, "conference") + (f" — {meeting}" if meeting else ""),
    )


def _names(fig: Figure, data: dict[str, Any], lang: str) -> str:
    by_code = {s["party"]["code"]: s["party"] for s in data["submissions"] if s["party"]}
    names = [_party_name(by_code[c], lang) for c in fig.parties]
    return texts.join(lang, names) if names else t(lang, "none")


def _refs(fig: Figure) -> str:
    subs = ", ".join(f"S-{i}" for i in fig.submissions)
    sts = ", ".join(f"ST-{i}" for i in fig.statements)
    return "; ".join(x for x in (subs, sts) if x) or "—"


def _note_paragraphs(data: dict[str, Any], figs: Figures, lang: str) -> list[str]:
    """The numbered paragraphs: the call, the totals, organisations, late ones, each role."""
    call = data["call"]
    with formatting.edition(lang):
        paras = [call_text.letter(call, lang)]
        paras.append(call_text.totals(figs, data, lang, call["annex_symbol"] or ""))
        if figs.organisation_reports:
            by_id = {s["id"]: s for s in data["submissions"]}
            names = [submitter(by_id[r["submission"]], lang) for r in figs.organisation_reports]
            paras.append(t(lang, "orgs", n=len(names), names=texts.join(lang, names)))
        if figs.late.value:
            paras.append(call_text.late(figs, data, lang))
    for role, fig in figs.roles.items():
        if fig.value or role in MAIN_ROLES:
            paras.append(t(lang, f"role_{role}", n=fig.value, names=_names(fig, data, lang)))
    return paras


def _topic_label(data: dict[str, Any], slug: str, lang: str) -> str:
    names = data["topics"][slug]["names"]
    return str(names.get(lang) or names["en"])


def _themes(
    data: dict[str, Any], figs: Figures, lang: str, number: int, chart: bool
) -> list[Block]:
    """The themes section: paragraph `number`, the table of parties and statements per role,
    and its chart (labels in the edition's language, Arabic included)."""
    cols = ["need", "challenge", "support_received", "support_provided"]
    role_names = [data["roles"].get(r, {}).get(lang) or r for r in cols]
    rows = [
        [
            str(i),
            _topic_label(data, slug, lang),
            str(p.value),
            *[str(figs.theme_roles[slug][r]) for r in cols],
            str(s.value),
        ]
        for i, (slug, p, s) in enumerate(figs.themes, 1)
    ]
    blocks = [
        Block("h2", t(lang, "themes")),
        Block("p", t(lang, "themes_intro"), number=number),
        Block(
            "table",
            head=["", t(lang, "theme"), t(lang, "parties"), *role_names, t(lang, "statements")],
            rows=rows,
            data="themes",
        ),
    ]
    if chart:
        values = [p.value for _s, p, _x in figs.themes]
        labels = [r[1] for r in rows]
        blocks.append(Block("image", t(lang, "chart"), data=theme_chart(labels, values, lang)))
    return blocks


def _note_appendix(
    data: dict[str, Any], figs: Figures, lang: str, snapshot_id: int | None
) -> list[Block]:
    """Every figure traced to its records (submissions, statements, parties)."""
    taken = texts.date(lang, data.get("taken_at") or data["call"]["deadline"])
    snapshot = f"SNAP-{snapshot_id}" if snapshot_id else "—"
    trace: list[list[str]] = [
        [t(lang, "f_submissions"), str(figs.submissions.value), _refs(figs.submissions)],
        [t(lang, "f_parties"), str(figs.parties.value), ", ".join(figs.parties.parties)],
    ]
    for role, fig in figs.roles.items():
        if fig.value or role in MAIN_ROLES:
            label = data["roles"].get(role, {}).get(lang) or role
            trace.append([label, str(fig.value), _refs(fig) + f" ({', '.join(fig.parties)})"])
    for slug, p, _s in figs.themes:
        label = _topic_label(data, slug, lang)
        trace.append([label, str(p.value), _refs(p) + f" ({', '.join(p.parties)})"])
    return [
        Block("pagebreak"),
        Block("h1", t(lang, "appendix")),
        Block("p", t(lang, "appendix_intro", snapshot=snapshot, date=taken)),
        Block(
            "table",
            head=[t(lang, "figure"), t(lang, "value"), t(lang, "records")],
            rows=trace,
            data="small",
        ),
    ]


def build_note(
    data: dict[str, Any],
    lang: str,
    snapshot_id: int | None = None,
    chart: bool = True,
    missing: list[str] | None = None,
) -> Built:
    """The note on submissions (seed Section II) in one language."""
    call = data["call"]
    missing = [] if missing is None else missing
    figs: Figures = compute(data)
    blocks = [header(data, lang, call["note_symbol"], missing)]  # before the title: as read
    title = t(lang, "note_title", title=call_title(data, lang, missing))
    blocks += [Block("title", title), Block("subtitle", t(lang, "note_by"))]
    blocks.append(Block("h1", t(lang, "section")))
    paras = _note_paragraphs(data, figs, lang)
    blocks += [Block("p", p, number=i) for i, p in enumerate(paras, 1)]
    if figs.themes:
        blocks += _themes(data, figs, lang, len(paras) + 1, chart)
    blocks += _note_appendix(data, figs, lang, snapshot_id)
    return Built("note", lang, title, blocks, date=str(data.get("taken_at") or ""))


def _sort_key(sub: dict[str, Any]) -> tuple[tuple[int, ...], tuple[int, ...], int]:
    party = sub["party"]["names"]["en"] if sub["party"] else ""
    org = sub["organisation"]["name"] if sub["organisation"] else ""
    return (collation_key(party or org), collation_key(org), sub["id"])


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a text as received (blank lines separate them)."""
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    return [b.strip() for b in blocks if b.strip()]


def build_annex(data: dict[str, Any], lang: str, missing: list[str] | None = None) -> Built:
    """The compilation annex: each submission as received, with a table of contents."""
    call = data["call"]
    missing = [] if missing is None else missing
    subs = sorted(data["submissions"], key=_sort_key)
    title = t(lang, "annex_title", title=call_title(data, lang, missing))
    blocks = [header(data, lang, call["annex_symbol"], missing), Block("title", title)]
    blocks.append(Block("p", t(lang, "annex_intro")))
    toc = [(f"s-{s['id']}", f"{i}. {submitter(s, lang)}") for i, s in enumerate(subs, 1)]
    blocks.append(Block("toc", t(lang, "contents"), data=toc))
    for i, s in enumerate(subs, 1):
        blocks.append(Block("pagebreak"))
        blocks.append(Block("h2", f"{i}. {submitter(s, lang)}", anchor=f"s-{s['id']}"))
        received = texts.date(lang, s["received_at"])
        if s["late"]:
            received += f" ({t(lang, 'late_flag')})"
        meta = [
            [t(lang, "received_on"), received],
            [t(lang, "orig_language"), texts.language_name(lang, s["language"])],
            [t(lang, "file"), f"{s['original_name']} (S-{s['id']})"],
            [t(lang, "version"), str(s["version"])],
            [t(lang, "checksum"), s["sha256"]],
        ]
        blocks.append(Block("meta", rows=meta))
        for para in paragraphs(s["text"]):
            blocks.append(Block("text", para, lang=s["language"] or lang))
    return Built("annex", lang, title, blocks, date=str(data.get("taken_at") or ""))


def build(
    kind: str,
    data: dict[str, Any],
    lang: str,
    snapshot_id: int | None = None,
    chart: bool = True,
    draft: bool = False,
) -> Built:
    """Build the note or the annex; refused (MissingTranslations) when the call's title or
    meeting name is not written in `lang`, unless `draft` (then marked [[lang? ...]])."""
    if lang not in CONTENT_LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    missing: list[str] = []
    if kind == "note":
        built = build_note(data, lang, snapshot_id, chart, missing)
    elif kind == "annex":
        built = build_annex(data, lang, missing)
    else:
        raise ValueError(f"unknown document kind {kind!r}")
    if missing and not draft:
        raise MissingTranslations(lang, sorted(set(missing)))
    return built
