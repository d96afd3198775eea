"""Section V, suggested action: the meeting's draft text, the documents it cites filled in
from the meeting's records ([annex] becomes that document's symbol; never typed by hand)."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from minamata_kb.documents.meetings import CITATION_RE
from minamata_kb.documents.programme_note.context import Ctx
from minamata_kb.documents.programme_note.section_1 import symbol_of


def build(ctx: Ctx) -> None:
    ctx.block("h1", _("V. Suggested action by the Conference of the Parties"))
    note = ctx.data["note"]
    if not any((note["action"] or {}).values()):
        ctx.para(_("No suggested action has been drafted for this note."))
        return
    text = ctx.record_text(note["action"], f"suggested action of {note['symbol']}")
    cited: list[str] = []

    def fill(m: re.Match[str]) -> str:  # the kind cited -> that document's symbol
        kind = m["kind"]
        symbol = note["symbol"] if kind == "programme_note" else symbol_of(ctx, kind)
        if not symbol:
            ctx.missing.append(
                f"a meeting document of kind {kind!r} (cited by the suggested action)"
            )
            return f"[[{kind}?]]"
        cited.append(symbol)
        return symbol

    for part in [p.strip() for p in text.split("\n\n") if p.strip()]:
        cited.clear()
        filled = CITATION_RE.sub(fill, part)
        ctx.para(filled, list(cited) or None)
