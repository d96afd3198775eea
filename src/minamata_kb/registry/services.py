"""Writes to the registry: reference-data loading and the authoritative imports.

Both imports validate the whole file first and write nothing if any row is bad.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.db import transaction

from minamata_kb.accounts.permissions import can_edit
from minamata_kb.audit.models import ChangeRecord
from minamata_kb.audit.services import record_change, snapshot
from minamata_kb.audit.upsert import set_m2m, upsert
from minamata_kb.core.actors import Actor
from minamata_kb.core.codelists import org_id_prefix
from minamata_kb.core.identifiers import identifier_message, is_identifier
from minamata_kb.core.importing import (
    ImportRejected,
    ImportReport,
    RowError,
    parse_date,
    read_csv_rows,
)
from minamata_kb.core.locking import save_versioned
from minamata_kb.core.sanitize import plain_text
from minamata_kb.registry.models import Country, Organisation, Party

# Article 31(1): in force on the 90th day after the 50th instrument, deposited 18 May 2017.
FIFTIETH_INSTRUMENT = dt.date(2017, 5, 18)
CONVENTION_IN_FORCE = dt.date(2017, 8, 16)
REIO_CODES = {"European Union": "EUU"}
INSTRUMENTS = {"", "ratification", "accession", "acceptance", "approval", "formal confirmation"}


def entry_into_force(deposit: dt.date) -> dt.date:
    """Entry into force for a party under Article 31(1)-(2)."""
    if deposit <= FIFTIETH_INSTRUMENT:
        return CONVENTION_IN_FORCE
    return deposit + dt.timedelta(days=90)


def _validated_parties(path: Path) -> list[tuple[int, dict[str, Any]]]:
    rows = read_csv_rows(path, ["name", "iso3", "deposit_date"])
    countries = {c.iso3: c for c in Country.objects.all()}
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    clean: list[tuple[int, dict[str, Any]]] = []
    for line, row in rows:
        code = row["iso3"].upper() or REIO_CODES.get(row["name"], "")
        country = countries.get(code)
        is_reio = code in REIO_CODES.values()
        if not code:
            errors.append(RowError(line, "iso3", "missing ISO3 code", path.name))
            continue
        if country is None and not is_reio:
            errors.append(RowError(line, "iso3", f"unknown ISO3 code {code!r}", path.name))
            continue
        if code in seen:
            errors.append(RowError(line, "iso3", f"duplicate of line {seen[code]}", path.name))
            continue
        seen[code] = line
        try:
            deposit = parse_date(row["deposit_date"])
        except ValueError:
            errors.append(
                RowError(
                    line,
                    "deposit_date",
                    f"not a date (YYYY-MM-DD): {row['deposit_date']!r}",
                    path.name,
                )
            )
            continue
        try:
            eif = parse_date(row.get("entry_into_force", ""))
        except ValueError:
            errors.append(
                RowError(
                    line,
                    "entry_into_force",
                    f"not a date (YYYY-MM-DD): {row['entry_into_force']!r}",
                    path.name,
                )
            )
            continue
        instrument = row.get("instrument", "").lower()
        if instrument not in INSTRUMENTS:
            errors.append(
                RowError(line, "instrument", f"unknown instrument {instrument!r}", path.name)
            )
            continue
        if deposit and eif and eif < deposit:
            errors.append(RowError(line, "entry_into_force", "before the deposit date", path.name))
            continue
        basis = row.get("eif_basis", "")
        if eif is None and deposit is not None:
            eif = entry_into_force(deposit)
            basis = basis or "computed under Article 31"
        values: dict[str, Any] = {
            "kind": Party.Kind.REIO if is_reio else Party.Kind.STATE,
            "country": country,
            "name_en": row["name"] or (country.name_en if country else code),
            "instrument": instrument,
            "deposit_date": deposit,
            "entry_into_force": eif,
            "eif_basis": basis,
            "date_status": row.get("date_status", "")[:40],
            "source": row.get("source", ""),
            "note": row.get("note", ""),
        }
        if country is not None:
            for lang in ("fr", "es", "ru", "zh", "ar"):
                values[f"name_{lang}"] = getattr(country, f"name_{lang}")
        clean.append((line, {"code": code, **values}))
    if errors:
        raise ImportRejected(errors)
    return clean


def import_parties(path: Path, *, actor: Actor = None, dry_run: bool = False) -> ImportReport:
    """Upsert parties from a CSV (name, iso3, deposit_date, instrument, entry_into_force...)."""
    report = ImportReport(dry_run=dry_run)
    rows = _validated_parties(path)
    with transaction.atomic():
        for _line, values in rows:
            code = values.pop("code")
            _, outcome = upsert(Party, {"code": code}, values, actor=actor, dry_run=dry_run)
            getattr(report, outcome).append(code)
    return report


ORG_KINDS = {k for k, _ in Organisation.Kind.choices}


def _served_by_rule(rule: str, countries: list[Country]) -> list[Country]:
    """Countries matching a derived coverage rule such as 'subregion:South-eastern Asia'."""
    attr = {
        "region": "region",
        "subregion": "subregion",
        "intermediate": "intermediate_region",
        "group": "un_regional_group",
    }
    out: list[Country] = []
    for clause in filter(None, (c.strip() for c in rule.split(";"))):
        key, _, value = clause.partition(":")
        field = attr.get(key)
        if field is None:
            raise ValueError(f"unknown rule key {key!r}")
        out.extend(
            c
            for c in countries
            if getattr(c, field) == value or (key == "group" and value in c.un_regional_group)
        )
    return out


def import_organisations(path: Path, *, actor: Actor = None, dry_run: bool = False) -> ImportReport:
    """Upsert organisations from a CSV (slug, name, kind, host_country, countries_served...)."""
    rows = read_csv_rows(path, ["slug", "name", "kind"])
    all_countries = list(Country.objects.all())
    countries = {c.iso3: c for c in all_countries}
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    clean: list[tuple[str, dict[str, Any], list[Country]]] = []
    for line, row in rows:
        slug = row["slug"]
        if not is_identifier(slug, 80):  # isalnum() let "ｆｐ" and "é" through: pages 500
            errors.append(RowError(line, "slug", identifier_message(slug, 80), path.name))
            continue
        if slug in seen:
            errors.append(RowError(line, "slug", f"duplicate of line {seen[slug]}", path.name))
            continue
        seen[slug] = line
        if not row["name"]:
            errors.append(RowError(line, "name", "missing", path.name))
        if row["kind"] not in ORG_KINDS:
            errors.append(
                RowError(
                    line,
                    "kind",
                    f"unknown kind {row['kind']!r}; one of {sorted(ORG_KINDS)}",
                    path.name,
                )
            )
        host = row.get("host_country", "").upper()
        if host and host not in countries:
            errors.append(RowError(line, "host_country", f"unknown ISO3 code {host!r}", path.name))
        served: list[Country] = []
        for iso in filter(
            None, (p.strip().upper() for p in row.get("countries_served", "").split(";"))
        ):
            if iso not in countries:
                errors.append(
                    RowError(line, "countries_served", f"unknown ISO3 code {iso!r}", path.name)
                )
            else:
                served.append(countries[iso])
        iati_ref = row.get("iati_ref", "").strip()
        if iati_ref:
            if not org_id_prefix(iati_ref) or " " in iati_ref:
                errors.append(
                    RowError(
                        line,
                        "iati_ref",
                        f"{iati_ref!r} does not start with a registered org-id prefix"
                        " (IATI OrganisationRegistrationAgency code list)",
                        path.name,
                    )
                )
            elif not row.get("iati_ref_source", "").strip():
                errors.append(
                    RowError(
                        line, "iati_ref_source", "say where the identifier comes from", path.name
                    )
                )
        if row.get("served_rule"):
            try:
                served.extend(_served_by_rule(row["served_rule"], all_countries))
            except ValueError as exc:
                errors.append(RowError(line, "served_rule", str(exc), path.name))
        values = {
            "name": row["name"],
            "acronym": row.get("acronym", ""),
            "kind": row["kind"],
            "host_country": countries.get(host),
            "city": row.get("city", ""),
            "host_institution": row.get("host_institution", ""),
            "region_served": row.get("region_served", ""),
            "conventions": row.get("conventions", ""),
            "partnership_areas": row.get("partnership_areas", ""),
            "url": row.get("url", ""),
            "iati_ref": iati_ref,
            "iati_ref_source": row.get("iati_ref_source", "").strip()[:300],
            "source": row.get("source", ""),
            "note": row.get("note", ""),
        }
        clean.append((slug, values, served))
    if errors:
        raise ImportRejected(errors)
    report = ImportReport(dry_run=dry_run)
    with transaction.atomic():
        for slug, values, served in clean:
            obj, outcome = upsert(
                Organisation, {"slug": slug}, values, actor=actor, dry_run=dry_run
            )
            if (
                obj is not None
                and not dry_run
                and set_m2m(obj, "countries_served", served)
                and outcome == "unchanged"
            ):
                outcome = "updated"
            getattr(report, outcome).append(slug)
    return report


EDITABLE_ORG_FIELDS = {
    "name",
    "acronym",
    "city",
    "host_institution",
    "region_served",
    "url",
    "partnership_areas",
}


def update_organisation(
    actor: Actor, org: Organisation, expected_version: int, changes: dict[str, Any]
) -> Organisation:
    """Edit an organisation's descriptive fields; its editor or the secretariat only; no lost updates."""
    from django.core.exceptions import PermissionDenied, ValidationError

    if not can_edit(actor, org):
        raise PermissionDenied("You may not change this organisation.")
    unknown = set(changes) - EDITABLE_ORG_FIELDS
    if unknown:
        raise ValidationError({f: "this field cannot be changed here" for f in sorted(unknown)})
    clean = {k: plain_text(str(v)) for k, v in changes.items()}
    if "name" in clean and not clean["name"]:
        raise ValidationError({"name": "must not be empty"})
    with transaction.atomic():
        before = snapshot(org, list(clean))
        save_versioned(org, expected_version, clean)
        record_change(actor, ChangeRecord.Action.UPDATE, org, before, snapshot(org, list(clean)))
    return org
