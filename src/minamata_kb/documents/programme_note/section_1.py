"""Section I, introduction: the mandate (Article 14 and the decisions asking for the note)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from minamata_kb.documents.programme_note.context import Ctx


def symbol_of(ctx: Ctx, kind: str) -> str:
    """The symbol of the meeting's document of `kind` ("" when the meeting has none)."""
    for doc in ctx.data["documents"]:
        if doc["kind"] == kind:
            return str(doc["symbol"])
    return ""


def build(ctx: Ctx) -> None:
    ctx.block("h1", _("I. Introduction"))
    ctx.para(
        _(
            "Under paragraph 1 of Article 14 of the Minamata Convention, parties are to cooperate"
            " to provide, within their respective capabilities, timely and appropriate"
            " capacity-building and technical assistance to developing-country parties, in"
            " particular least developed countries and small island developing States, and to"
            " parties with economies in transition, to help them implement their obligations"
            " under the Convention. Under paragraph 2, such assistance may be delivered through"
            " regional, subregional and national arrangements, including existing regional and"
            " subregional centres, through other multilateral and bilateral means and through"
            " partnerships, including partnerships involving the private sector."
        ),
        ["Article 14(1)", "Article 14(2)"],
    )
    ctx.para(
        _(
            "Under paragraph 3 of Article 14, developed-country parties and other parties within"
            " their capabilities are to promote the development, transfer and diffusion of, and"
            " access to, up-to-date environmentally sound alternative technologies. Under"
            " paragraphs 4 and 5, the Conference of the Parties is to consider information on"
            " current initiatives and progress made on alternative technologies, the needs of"
            " parties for them and the challenges experienced in technology transfer, and is to"
            " make recommendations on how capacity-building, technical assistance and technology"
            " transfer could be further enhanced."
        ),
        ["Article 14(3)", "Article 14(4)", "Article 14(5)"],
    )
    _decisions(ctx)
    _structure(ctx)


def _decisions(ctx: Ctx) -> None:
    number = ctx.data["meeting"]["number"]
    decisions = [d for d in ctx.data["mandate"]["decisions"] if d["meeting"] < number]
    if not decisions:
        ctx.para(
            _("No decision of the Conference of the Parties asking for this note is recorded.")
        )
        return
    for d in sorted(decisions, key=lambda d: (d["meeting"], d["code"])):
        text = ctx.record_text(
            d["text"], f"summary of decision {d['code']} (data/profile/minamata/decisions.json)"
        )
        ctx.para(
            _("In decision {code}, the Conference of the Parties {text}.").format(
                code=d["code"], text=text
            ),
            [f"decision {d['code']}"],
        )


def _structure(ctx: Ctx) -> None:
    annex = symbol_of(ctx, "annex")
    if annex:
        text = _(
            "Section II of the present note reports on the information received, which is"
            " reproduced in full in {symbol}; section III describes the capacity-building and"
            " technical assistance activities of the secretariat; section IV sets out the"
            " secretariat's view for the next biennium; and section V contains a suggested action"
            " for the Conference of the Parties."
        ).format(symbol=annex)
    else:
        text = _(
            "Section II of the present note reports on the information received; section III"
            " describes the capacity-building and technical assistance activities of the"
            " secretariat; section IV sets out the secretariat's view for the next biennium; and"
            " section V contains a suggested action for the Conference of the Parties."
        )
    ctx.para(text, [annex] if annex else None)
