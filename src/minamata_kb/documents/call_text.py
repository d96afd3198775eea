"""The statements of fact about a call for information, in an edition's language.

Only what the records show: reminders from the send log (not the planned dates), totals over
parties' and organisations' submissions and their statements (saying which), and the date
each late submission came. Call inside `formatting.edition(lang)`.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from minamata_kb.documents import texts
from minamata_kb.documents.figures import Figure, Figures
from minamata_kb.publishing import formatting

ADDRESSEES = {
    "parties": lambda: _("the national focal points of the parties"),
    "regional_centres": lambda: _("the regional centres"),
    "partners": lambda: _("partner organisations"),
    "missions": lambda: _("the permanent missions"),
}


def party_names(fig: Figure, data: dict[str, Any], lang: str) -> list[str]:
    """The names of a figure's parties in the edition's language (English order kept)."""
    by_code = {s["party"]["code"]: s["party"] for s in data["submissions"] if s["party"]}
    return [str(by_code[c]["names"].get(lang) or by_code[c]["names"]["en"]) for c in fig.parties]


def submitter_name(sub: dict[str, Any], lang: str) -> str:
    party = sub["party"]["names"].get(lang) or sub["party"]["names"]["en"] if sub["party"] else ""
    org = sub["organisation"]["name"] if sub["organisation"] else ""
    if party and org:
        return _("{party} (activities of {org})").format(party=party, org=org)
    return str(party or org)


def letter(call: dict[str, Any], lang: str) -> str:
    """How the information was requested, and the reminders actually sent."""
    names = [ADDRESSEES[a]() for a in call["addressees"] if a in ADDRESSEES]
    text = _(
        "Information was requested under decision {decision} by a letter dated {date} addressed"
        " to {addressees}; submissions were due by {deadline}."
    ).format(
        decision=call["decision"],
        date=formatting.format_date(call["letter_date"] or call["deadline"], lang),
        addressees=formatting.format_list(names, lang) or ADDRESSEES["parties"](),
        deadline=formatting.format_date(call["deadline"], lang),
    )
    sent = call.get("reminders_sent", [])
    if sent:
        dates = formatting.format_list([formatting.format_date(d, lang) for d in sent], lang)
        text += formatting.space(lang) + ngettext(
            "A reminder was sent on {dates}.", "Reminders were sent on {dates}.", len(sent)
        ).format(dates=dates)
    return text


def totals(figs: Figures, data: dict[str, Any], lang: str, annex: str) -> str:
    """'In total, N submissions were received: ... from parties and ... from organisations'."""
    n = formatting.format_number
    org_subs = figs.organisation_submissions
    party_part = texts.submissions_from_parties(lang, figs.submissions.value, figs.parties.value)
    names = formatting.format_list(party_names(figs.parties, data, lang), lang)
    if org_subs is not None and org_subs.value:
        by_id = {s["id"]: s for s in data["submissions"]}
        orgs = [submitter_name(by_id[i], lang) for i in org_subs.submissions]
        org_part = ngettext(
            "{n} submission from organisations",
            "{n} submissions from organisations",
            org_subs.value,
        ).format(n=n(org_subs.value, lang))
        text = _(
            "In total, {total} submissions were received: {parties} ({names}) and {orgs} ({org_names})."
        ).format(
            total=n(figs.total.value if figs.total else 0, lang), parties=party_part, names=names,
            orgs=org_part, org_names=formatting.format_list(orgs, lang),
        )  # fmt: skip
    else:
        text = _("In total, {parties} were received: {names}.").format(
            parties=party_part, names=names or _("none")
        )
    text += formatting.space(lang) + _("The parties are listed in English alphabetical order.")
    if annex:
        text += formatting.space(lang) + _(
            "The full texts are reproduced as received in {annex}."
        ).format(annex=annex)
    return text + formatting.space(lang) + statements(figs, lang)


def statements(figs: Figures, lang: str) -> str:
    """How many statements the secretariat recorded, from parties and from organisations."""
    p = figs.party_statements.value if figs.party_statements else 0
    o = figs.organisation_statements.value if figs.organisation_statements else 0
    n = formatting.format_number
    return ngettext(
        "The secretariat recorded {n} statement from them ({p} from parties' own submissions,"
        " {o} from reports on organisations).",
        "The secretariat recorded {n} statements from them ({p} from parties' own submissions,"
        " {o} from reports on organisations).",
        p + o,
    ).format(n=n(p + o, lang), p=n(p, lang), o=n(o, lang))


def late(figs: Figures, data: dict[str, Any], lang: str) -> str:
    """Which submissions came after the deadline, and when each came."""
    if not figs.late.value:
        return ""
    by_id = {s["id"]: s for s in data["submissions"]}
    items = [
        _("{name} (received on {date})").format(
            name=submitter_name(by_id[i], lang),
            date=formatting.format_date(by_id[i]["received_at"], lang),
        )
        for i in figs.late.submissions
    ]
    return ngettext(
        "One submission was received after the deadline and is included: {items}.",
        "{n} submissions were received after the deadline and are included: {items}.",
        figs.late.value,
    ).format(
        n=formatting.format_number(figs.late.value, lang), items=formatting.format_list(items, lang)
    )
