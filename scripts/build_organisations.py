"""Build data/registry/organisations.csv from the regional-centre reference files.

Run once when the reference files change: `python scripts/build_organisations.py`.
Facts (names, hosts, cities, countries served) come from regional_centres.csv and
scrc_additions.csv; slugs, kinds and the `served_rule` column are ours. A served_rule is a
DERIVED approximation of a centre's coverage from M49 regions, used only where the source
names no countries, and labelled so in the note column.
"""

from __future__ import annotations

import csv
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "registry"

CENTRES = {
    "BCRC-SPREP (Pacific Regional Centre, joint Basel/Waigani)": (
        "bcrc-sprep",
        "subregion:Melanesia;subregion:Micronesia;subregion:Polynesia",
    ),
    "BCCC-Uruguay / SCRC Uruguay": ("bcrc-uruguay", ""),
    "BCRC-Egypt (Arab States)": ("bcrc-egypt", "subregion:Northern Africa;subregion:Western Asia"),
    "BCRC-SEA (Southeast Asia)": ("bcrc-sea", "subregion:South-eastern Asia"),
    "BCRC Trinidad and Tobago (Caribbean)": ("bcrc-trinidad-tobago", "intermediate:Caribbean"),
    "BCRC-Senegal (French-speaking Africa)": (
        "bcrc-senegal",
        "intermediate:Western Africa;intermediate:Middle Africa",
    ),
    "BCRC-Argentina (South America)": ("bcrc-argentina", "intermediate:South America"),
    "BCRC-Tehran": ("bcrc-iran", "subregion:Southern Asia;subregion:Central Asia"),
    "BCRC for Central America and Mexico": ("bcrc-el-salvador", "intermediate:Central America"),
    "BCRC-SCRC China": ("bcrc-china", ""),
    "BCRC Nigeria (Africa coordinating centre)": ("bcrc-nigeria", "region:Africa"),
    "BCRC South Africa (English-speaking Africa)": (
        "bcrc-south-africa",
        "intermediate:Southern Africa;intermediate:Eastern Africa",
    ),
    "BCRC Russia": ("bcrc-russia", "subregion:Eastern Europe;subregion:Central Asia"),
    "BCRC Slovak Republic": ("bcrc-slovakia", "subregion:Eastern Europe"),
    "SCRC Czech Republic (RECETOX)": ("scrc-recetox", "group:Eastern European"),
    "SCRC Mexico (CENICA)": ("scrc-mexico", "intermediate:Central America"),
    "SCRC Brazil (CETESB)": ("scrc-brazil", "intermediate:South America"),
    "SCRC Kuwait (KISR)": ("scrc-kuwait", "subregion:Western Asia"),
    "SCRC India (CSIR-NEERI)": ("scrc-india", ""),
}

# Organisations named in the seed, the Global Mercury Partnership areas and the demo.
OTHERS = [
    (
        "secretariat",
        "Secretariat of the Minamata Convention on Mercury",
        "",
        "secretariat",
        "CHE",
        "Geneva",
        "minamata",
        "seed note UNEP/MC/COP.4/14",
    ),
    (
        "unep-chemicals",
        "UNEP Chemicals and Health Branch",
        "UNEP",
        "igo",
        "CHE",
        "Geneva",
        "",
        "lead of the Global Mercury Partnership",
    ),
    (
        "unitar",
        "United Nations Institute for Training and Research",
        "UNITAR",
        "igo",
        "CHE",
        "Geneva",
        "",
        "",
    ),
    (
        "undp",
        "United Nations Development Programme",
        "UNDP",
        "gef_agency",
        "USA",
        "New York",
        "",
        "",
    ),
    (
        "unido",
        "United Nations Industrial Development Organization",
        "UNIDO",
        "gef_agency",
        "AUT",
        "Vienna",
        "ASGM partnership area co-lead (gmp_areas.csv)",
        "",
    ),
    ("who", "World Health Organization", "WHO", "igo", "CHE", "Geneva", "", ""),
    (
        "gef",
        "Global Environment Facility",
        "GEF",
        "igo",
        "USA",
        "Washington, D.C.",
        "",
        "financial mechanism (Article 13)",
    ),
    ("artisanal-gold-council", "Artisanal Gold Council", "AGC", "ngo", "CAN", "Victoria", "", ""),
    ("zmwg", "Zero Mercury Working Group", "ZMWG", "ngo", "", "", "", ""),
    (
        "biodiversity-research-institute",
        "Biodiversity Research Institute",
        "BRI",
        "gmp_partner",
        "USA",
        "Portland, Maine",
        "Mercury air transport and fate research (gmp_areas.csv)",
        "",
    ),
    (
        "nrdc",
        "Natural Resources Defense Council",
        "NRDC",
        "gmp_partner",
        "USA",
        "New York",
        "ASGM partnership area co-lead (gmp_areas.csv)",
        "",
    ),
    (
        "us-epa",
        "United States Environmental Protection Agency",
        "US EPA",
        "donor",
        "USA",
        "Washington, D.C.",
        "chlor-alkali and products partnership areas lead (gmp_areas.csv)",
        "",
    ),
    (
        "moe-japan",
        "Ministry of the Environment, Japan",
        "MOEJ",
        "donor",
        "JPN",
        "Tokyo",
        "waste management partnership area lead (gmp_areas.csv)",
        "",
    ),
]

FIELDS = [
    "slug",
    "name",
    "acronym",
    "kind",
    "host_country",
    "city",
    "host_institution",
    "region_served",
    "countries_served",
    "served_rule",
    "conventions",
    "partnership_areas",
    "url",
    "source",
    "note",
]


def main() -> None:
    names = {
        r["name_en"]: r["iso3"]
        for r in csv.DictReader(open(DATA / "country_names_un.csv", encoding="utf-8"))
    }
    names.update(
        {
            "Iran (Islamic Republic of)": "IRN",
            "Czechia": "CZE",
            "Samoa (hosted by IGO SPREP)": "WSM",
        }
    )
    rows = []
    for r in csv.DictReader(open(DATA / "regional_centres.csv", encoding="utf-8")):
        slug, rule = CENTRES[r["name"]]
        conventions = r["convention"]
        kind = (
            "brs_centre"
            if "Basel" in conventions and "Stockholm" in conventions
            else ("basel_centre" if "Basel" in conventions else "stockholm_centre")
        )
        served = []
        for part in (
            r["countries_served"]
            .replace("as BCRC:", "")
            .replace("as SCRC:", "")
            .replace("|", ";")
            .split(";")
        ):
            iso = names.get(part.strip())
            if iso and iso not in served:
                served.append(iso)
        note = r["note"]
        if rule:
            note = (
                note + " | " if note else ""
            ) + "countries served DERIVED from M49 regions by served_rule (not from the source)"
        rows.append(
            {
                "slug": slug,
                "name": r["name"],
                "acronym": "",
                "kind": kind,
                "host_country": names.get(r["host_country"], ""),
                "city": r["city"],
                "host_institution": r["host_institution"],
                "region_served": r["region_served"],
                "countries_served": ";".join(served),
                "served_rule": rule if not served else "",
                "conventions": conventions,
                "partnership_areas": "",
                "url": "",
                "source": r["source"],
                "note": note,
            }
        )
    for slug, name, acr, kind, host, city, areas, note in OTHERS:
        rows.append(
            {
                "slug": slug,
                "name": name,
                "acronym": acr,
                "kind": kind,
                "host_country": host,
                "city": city,
                "host_institution": "",
                "region_served": "",
                "countries_served": "",
                "served_rule": "",
                "conventions": "Minamata",
                "partnership_areas": areas,
                "url": "",
                "source": "refdata gmp_areas.csv / public knowledge of the organisation's seat"
                if areas
                else "public knowledge of the organisation's seat",
                "note": note,
            }
        )
    with open(DATA / "organisations.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, FIELDS)
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {len(rows)} organisations")


if __name__ == "__main__":
    main()
