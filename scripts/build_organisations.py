"""Build data/registry/organisations.csv from the regional-centre reference files.

Run once when the reference files change: `python scripts/build_organisations.py`.
Facts (names, hosts, cities, countries served) come from regional_centres.csv (the Basel
centres and the first Stockholm ones) and stockholm_centres.csv (the 16 Stockholm centres, a
later pass: a centre in both files is one organisation, its conventions and countries served
merged, the later file's name and details preferred); slugs, kinds and the `served_rule` column
are ours. IATI organisation identifiers are filled only where an IATI code list names the
organisation (IATI_REFS below, with the list as source); none is made up. A served_rule is a
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

# stockholm_centres.csv name -> (slug, served_rule). A slug already in CENTRES merges the rows.
STOCKHOLM = {
    "SCRC Algeria (CNTPP)": ("scrc-algeria", ""),
    "SCRC Brazil (CETESB)": ("scrc-brazil", "intermediate:South America"),
    "BCRC-SCRC China (Asia and the Pacific)": ("bcrc-china", ""),
    "SCRC Czech Republic (RECETOX)": ("scrc-recetox", "group:Eastern European"),
    "SCRC India (CSIR-NEERI)": ("scrc-india", ""),
    "BCRC-SCRC Indonesia (Southeast Asia)": ("bcrc-sea", "subregion:South-eastern Asia"),
    "BCRC-SCRC Iran (Asia and the Pacific)": ("bcrc-iran", ""),
    "SCRC Kenya (icipe)": ("scrc-kenya", "region:Africa"),
    "SCRC Kuwait (KISR)": ("scrc-kuwait", ""),
    "SCRC Mexico (INECC, formerly CENICA)": ("scrc-mexico", "intermediate:Central America"),
    "BCRC-SCRC Panama (CIIMET)": ("bcrc-scrc-panama", "intermediate:Central America"),
    "SCRC Russian Federation (NIOCH SB RAS)": ("scrc-russia", ""),
    "BCRC-SCRC Senegal (French-speaking Africa)": ("bcrc-senegal", ""),
    "BCRC-SCRC South Africa (Africa Institute)": ("bcrc-south-africa", ""),
    "SCRC Spain (CP/RAC)": ("scrc-spain", ""),
    "BCCC-SCRC Uruguay (Latin America and the Caribbean)": ("bcrc-uruguay", ""),
}

# IATI organisation identifiers (slug -> (ref, source)); only organisations a published IATI
# code list names. XM-DAC-<n> is the OECD DAC channel code under the XM-DAC prefix
# (OrganisationRegistrationAgency); the codes are in IATI's OrganisationIdentifier list
# (retired at 1.04, IATI's reference for multilateral DAC codes; data/iati/codelists/).
_ORGID = "IATI code list OrganisationIdentifier (data/iati/codelists/OrganisationIdentifier.xml)"
IATI_REFS = {
    "undp": ("XM-DAC-41114", _ORGID + ": 41114 United Nations Development Programme"),
    "unep-chemicals": (
        "XM-DAC-41116",
        _ORGID + ": 41116 United Nations Environment Programme (the branch reports as UNEP)",
    ),
    "unido": (
        "XM-DAC-41123",
        _ORGID + ": 41123 United Nations Industrial Development Organisation",
    ),
    "unitar": (
        "XM-DAC-41125",
        _ORGID + ": 41125 United Nations Institute for Training and Research",
    ),
    "gef": ("XM-DAC-47044", _ORGID + ": 47044 Global Environment Facility"),
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
    "iati_ref",
    "iati_ref_source",
    "source",
    "note",
]


DERIVED = "countries served DERIVED from M49 regions by served_rule (not from the source)"


def _join(a: str, b: str, sep: str) -> str:
    parts: list[str] = []
    for p in (a.split(sep) if a else []) + (b.split(sep) if b else []):
        if p.strip() and p.strip() not in parts:
            parts.append(p.strip())
    return sep.join(parts)


def _kind(conventions: str) -> str:
    if "Basel" in conventions and "Stockholm" in conventions:
        return "brs_centre"
    return "basel_centre" if "Basel" in conventions else "stockholm_centre"


def _read(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


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
    names.update({"Türkiye": "TUR", "Côte d'Ivoire": "CIV"})
    rows = []
    by_slug: dict[str, dict[str, str]] = {}
    sources = [(r, *CENTRES[r["name"]]) for r in _read("regional_centres.csv")] + [
        (r, *STOCKHOLM[r["name"]]) for r in _read("stockholm_centres.csv")
    ]
    for r, slug, rule in sources:
        conventions = r["convention"]
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
            elif part.strip() and not iso:
                print(f"{r['name']}: {part.strip()!r} is not an M49 name, left out")
        note = r["note"]
        if slug in by_slug:  # the same centre in the later Stockholm file: merge
            old = by_slug[slug]
            conventions = _join(old["conventions"], conventions, "; ")
            old.update(
                {
                    "name": r["name"],
                    "kind": _kind(conventions),
                    "city": r["city"] or old["city"],
                    "host_institution": r["host_institution"] or old["host_institution"],
                    "region_served": r["region_served"] or old["region_served"],
                    "countries_served": _join(old["countries_served"], ";".join(served), ";"),
                    "conventions": conventions,
                    "source": _join(old["source"], r["source"], " ; "),
                    "note": _join(old["note"], note, " | "),
                }
            )
            old["served_rule"] = "" if old["countries_served"] else (rule or old["served_rule"])
            if not old["served_rule"]:
                old["note"] = _join(old["note"].replace(DERIVED, ""), "", " | ")
            continue
        if rule and not served:
            note = (note + " | " if note else "") + DERIVED
        row = {
            "slug": slug,
            "name": r["name"],
            "acronym": "",
            "kind": _kind(conventions),
            "host_country": names.get(r["host_country"], ""),
            "city": r["city"],
            "host_institution": r["host_institution"],
            "region_served": r["region_served"],
            "countries_served": ";".join(served),
            "served_rule": rule if not served else "",
            "conventions": conventions,
            "partnership_areas": "",
            "url": "",
            "iati_ref": "",
            "iati_ref_source": "",
            "source": r["source"],
            "note": note,
        }
        by_slug[slug] = row
        rows.append(row)
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
                "iati_ref": IATI_REFS.get(slug, ("", ""))[0],
                "iati_ref_source": IATI_REFS.get(slug, ("", ""))[1],
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
    stockholm = sum("Stockholm" in r["conventions"] for r in rows)
    basel = sum("Basel" in r["conventions"] for r in rows)
    print(f"wrote {len(rows)} organisations ({basel} Basel centres, {stockholm} Stockholm centres)")


if __name__ == "__main__":
    main()
