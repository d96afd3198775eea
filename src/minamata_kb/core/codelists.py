"""The IATI 2.03 code lists shipped in data/iati/codelists/ (source: data/iati/SOURCES.md).

In core: reference data read from files, used by the activities' IATI import and export and by
the registry (organisation identifiers' registered prefixes)."""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from django.conf import settings


def codelist_dir() -> Path:
    return Path(settings.DATA_DIR) / "iati" / "codelists"


@lru_cache(maxsize=64)
def codelist(name: str) -> dict[str, dict[str, str]]:
    """code -> {name, status, category} of one code list (e.g. 'Sector')."""
    path = codelist_dir() / f"{name}.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        return {row["code"]: row for row in csv.DictReader(fh)}


def is_code(name: str, code: str, *, active_only: bool = True) -> bool:
    """Whether `code` is in the code list (and active, unless active_only is False)."""
    row = codelist(name).get(code)
    return row is not None and (not active_only or row["status"] != "withdrawn")


def org_id_prefix(ref: str) -> str:
    """The registered org-id prefix (OrganisationRegistrationAgency) `ref` starts with, or ''."""
    best = ""
    for code, row in codelist("OrganisationRegistrationAgency").items():
        if row["status"] != "withdrawn" and ref.startswith(code + "-") and len(code) > len(best):
            best = code
    return best
