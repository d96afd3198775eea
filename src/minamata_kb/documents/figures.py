"""The figures of the note on submissions, each with the record ids it counted.

Computed from a snapshot's data only, so a document can be rebuilt exactly from its snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from minamata_kb.publishing.formatting import collation_key

ROLE_ORDER = (
    "need",
    "challenge",
    "support_received",
    "support_provided",
    "example_success",
    "resource",
)


@dataclass
class Figure:
    """One number in the note and where it comes from."""

    key: str
    value: int
    submissions: list[int] = field(default_factory=list)
    statements: list[int] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)  # party codes, English alphabetical order


@dataclass
class Figures:
    """Everything the note counts."""

    submissions: Figure
    parties: Figure
    organisation_reports: list[dict[str, Any]]
    late: Figure
    roles: dict[str, Figure]
    themes: list[tuple[str, Figure, Figure]]  # (topic slug, parties figure, statements figure)
    party_names_en: dict[str, str]
    theme_roles: dict[str, dict[str, int]] = field(default_factory=dict)  # parties per role
    # Totals over everyone who submitted: parties' and organisations' submissions, and the
    # statements recorded from each (an organisation's report sent by its host party counts
    # with the organisations).
    total: Figure | None = None
    organisation_submissions: Figure | None = None
    party_statements: Figure | None = None
    organisation_statements: Figure | None = None


def _en(sub: dict[str, Any]) -> str:
    return str(sub["party"]["names"]["en"])


def compute(data: dict[str, Any]) -> Figures:
    """Distinct counts ("14 submissions from 13 parties"), parties per role and per theme."""
    subs = data["submissions"]
    by_id = {s["id"]: s for s in subs}
    party_subs = [s for s in subs if s["party"]]
    names_en = {s["party"]["code"]: _en(s) for s in party_subs}

    def order(codes: set[str]) -> list[str]:
        # English alphabetical order in every language edition (as UN documents do).
        return sorted(codes, key=lambda c: (collation_key(names_en[c]), c))

    parties = order({s["party"]["code"] for s in party_subs})
    f_subs = Figure("submissions", len(party_subs), sorted(s["id"] for s in party_subs))
    f_parties = Figure(
        "parties", len(parties), sorted(s["id"] for s in party_subs), parties=parties
    )
    late_subs = [s for s in subs if s["late"]]
    f_late = Figure(
        "late",
        len(late_subs),
        [s["id"] for s in late_subs],
        parties=order({s["party"]["code"] for s in late_subs if s["party"]}),
    )
    org_reports = [
        {"submission": s["id"], "organisation": s["organisation"], "party": s["party"]}
        for s in subs
        if s["organisation"]
    ]
    roles: dict[str, Figure] = {}
    # A party's own statements; a host party's report on an organisation (seed ¶8) speaks for
    # the organisation and is counted in the organisations' paragraph instead.
    own = {s["id"] for s in party_subs if not s["organisation"]}
    statements = [st for st in data["statements"] if st["submission"] in own]
    for role in ROLE_ORDER:
        rows = [st for st in statements if st["role"] == role]
        codes = {by_id[st["submission"]]["party"]["code"] for st in rows}
        roles[role] = Figure(
            f"role_{role}",
            len(codes),
            sorted({st["submission"] for st in rows}),
            [st["id"] for st in rows],
            order(codes),
        )
    themes = []
    theme_roles: dict[str, dict[str, int]] = {}
    positions = {slug: t.get("position", 0) for slug, t in data.get("topics", {}).items()}
    for slug in positions or {}:
        rows = [st for st in statements if slug in st["topics"]]
        if not rows:
            continue
        codes = {by_id[st["submission"]]["party"]["code"] for st in rows}
        theme_roles[slug] = {
            role: len(
                {by_id[st["submission"]]["party"]["code"] for st in rows if st["role"] == role}
            )
            for role in ROLE_ORDER
        }
        ids = [st["id"] for st in rows]
        subs_ids = sorted({st["submission"] for st in rows})
        themes.append(
            (
                slug,
                Figure(f"theme_{slug}_parties", len(codes), subs_ids, ids, order(codes)),
                Figure(f"theme_{slug}_statements", len(rows), subs_ids, ids),
            )
        )
    themes.sort(key=lambda t: (-t[1].value, -t[2].value, positions.get(t[0], 0), t[0]))
    org_only = [s for s in subs if not s["party"]]
    own_rows = [st for st in data["statements"] if st["submission"] in own]
    org_rows = [st for st in data["statements"] if by_id[st["submission"]]["organisation"]]
    return Figures(
        f_subs, f_parties, org_reports, f_late, roles, themes, names_en, theme_roles,
        total=Figure("total", len(subs), sorted(s["id"] for s in subs)),
        organisation_submissions=Figure(
            "organisation_submissions", len(org_only), sorted(s["id"] for s in org_only)
        ),
        party_statements=Figure(
            "party_statements", len(own_rows), statements=[st["id"] for st in own_rows]
        ),
        organisation_statements=Figure(
            "organisation_statements", len(org_rows), statements=[st["id"] for st in org_rows]
        ),
    )  # fmt: skip
