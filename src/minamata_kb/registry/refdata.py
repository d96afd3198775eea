"""Load the shipped registry reference data (data/registry/, sources in SOURCES.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TextIO

from django.conf import settings
from django.db import transaction

from minamata_kb.audit.upsert import upsert
from minamata_kb.core.importing import read_csv_rows
from minamata_kb.core.languages import CONTENT_LANGUAGES
from minamata_kb.registry.iso import alpha2
from minamata_kb.registry.models import Country, DatasetInfo
from minamata_kb.registry.services import import_organisations, import_parties

DATASETS = {
    "countries": (
        "UNSD M49 (Sep 2024) via datasets/country-codes; UNTERM formal names",
        "2024-09",
        True,
        "",
    ),
    "parties": (
        "IEADB (2026-01 release), UN Treaty Collection XXVII-17, ECOLEX and secretariat news"
        " (see data/registry/SOURCES.md)",
        "2026-01",
        False,
        "151 parties, 150 with an exact deposit date (Trinidad and Tobago, 2026-06-26, rests on one"
        " unverified source); the secretariat counted 153 parties in October 2025, so 3 are missing.",
    ),
    "organisations": (
        "Basel and Stockholm regional centres (basel.int, chm.pops.int, pops.int, brsmeas.org),"
        " Global Mercury Partnership areas",
        "2026-12",
        False,
        "The 14 Basel centres and the 16 Stockholm centres chm.pops.int counts (8 of them serve"
        " both conventions: 22 centres); countries served are named for some centres only.",
    ),
}


def registry_dir() -> Path:
    """Folder of the registry reference files."""
    return Path(settings.DATA_DIR) / "registry"


def load_countries(folder: Path) -> int:
    """Upsert countries from the M49 groups and names files; returns rows created or changed."""
    names = {r["iso3"]: r for _, r in read_csv_rows(folder / "country_names_un.csv", ["iso3"])}
    formal = {r["iso3"]: r for _, r in read_csv_rows(folder / "country_names_unterm.csv", ["iso3"])}
    changed = 0
    for _, row in read_csv_rows(folder / "country_groups.csv", ["iso3", "m49", "name_unsd"]):
        iso3 = row["iso3"]
        if iso3 not in names:  # e.g. rows the source's maintainers added that are not in M49
            continue
        n = names[iso3]
        f = formal.get(iso3, {})
        values: dict[str, Any] = {
            "iso2": alpha2(iso3),  # ISO 3166-1 from pycountry; '' for M49 areas it lacks
            "m49": row["m49"].zfill(3),
            "region": row["region"],
            "subregion": row["sub_region"],
            "intermediate_region": row["intermediate_region"],
            "un_regional_group": row["un_regional_group"],
            "ldc": row["ldc"] == "1",
            "lldc": row["lldc"] == "1",
            "sids": row["sids"] == "1",
            "eit": row["eit_derived"] == "1",
            "developing": row["m49_developed_developing_2020"] == "Developing",
            "groups_as_of": "M49 2024-09",
            "developing_as_of": "M49 2020 (historical)",
            "source": n.get("source", "")[:500],
        }
        for lang in CONTENT_LANGUAGES:
            values[f"name_{lang}"] = n.get(f"name_{lang}", "")
            values[f"formal_{lang}"] = f.get(f"formal_{lang}", "")
        _, outcome = upsert(Country, {"iso3": iso3}, values, audit=False)
        changed += outcome != "unchanged"
    return changed


@transaction.atomic
def load(stdout: TextIO | None = None) -> dict[str, int]:
    """Load countries, parties and organisations; idempotent."""
    folder = registry_dir()
    changes = {"countries": load_countries(folder)}
    parties = import_parties(folder / "parties.csv")
    changes["parties"] = len(parties.created) + len(parties.updated)
    orgs = import_organisations(folder / "organisations.csv")
    changes["organisations"] = len(orgs.created) + len(orgs.updated)
    counts = {
        "countries": Country.objects.count(),
        "parties": parties.created + parties.updated + parties.unchanged,
        "organisations": orgs.created + orgs.updated + orgs.unchanged,
    }
    for key, (source, as_of, complete, note) in DATASETS.items():
        rows = counts[key] if isinstance(counts[key], int) else len(counts[key])  # type: ignore[arg-type]
        upsert(
            DatasetInfo,
            {"key": key},
            {"source": source, "as_of": as_of, "complete": complete, "rows": rows, "note": note},
            audit=False,
        )
    if stdout is not None:
        stdout.write(
            "registry: "
            + ", ".join(f"{k} {v} created or changed" for k, v in changes.items())
            + "\n"
        )
    return changes
