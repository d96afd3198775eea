"""Import another publisher's IATI 2.03 activity file (e.g. a GEF agency's).

Parsing is safe: lxml with entity resolution, DTD loading and network access off, and a file that
carries a DTD (where entity bombs and external entities live) is refused outright. Each
<iati-activity> is upserted by its IATI identifier: the activity code is derived from it
deterministically (`iati-` + the identifier in the identifier alphabet) and the exact identifier is
kept on the first line of `source`, so a second import updates the same record; an identifier of
our own reporting org maps back to our own code. Imported activities are drafts
(published=False) until an officer reviews them. Providers and partners are matched to the
registry by IATI organisation identifier (Organisation.iati_ref), then by name; unmatched ones are
named in the note, never created. After saving, each imported activity goes through the
duplicated-effort rule of matching/duplication.py (it listens to activities/signals.py), and the pairs it flags are reported (and
stored for the officers, as for any saved activity).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, cast

from django.db import transaction
from lxml import etree

from minamata_kb.activities.iati.export import code_table, reporting_ref
from minamata_kb.activities.models import Activity
from minamata_kb.activities.services import save_activity
from minamata_kb.activities.signals import activity_imported
from minamata_kb.core.actors import Actor
from minamata_kb.registry.models import Country, Organisation
from minamata_kb.taxonomy.models import Topic

MAX_BYTES = 50 * 1024 * 1024
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
STATUS = {"1": "planned", "2": "ongoing", "3": "completed", "4": "completed", "5": "cancelled"}
SOURCE_PREFIX = "IATI identifier: "
# Sector (vocabulary 1) -> topic, only where data/iati/sectors.csv maps one topic to the code.
_CODE_RE = re.compile(r"[^a-z0-9_-]+")


class IatiImportError(ValueError):
    """The file cannot be imported; the message says why (and where)."""


@dataclass
class IatiImportReport:
    dry_run: bool
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    duplicates: list[tuple[str, str, float]] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)


def parse(data: bytes) -> etree._Element:
    """The <iati-activities> root of `data`, parsed without entities, DTDs or network."""
    if len(data) > MAX_BYTES:
        raise IatiImportError(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    if re.search(rb"<!DOCTYPE|<!ENTITY", data[:65536], flags=re.I):
        raise IatiImportError("the file declares a DTD or entities; IATI files have none (refused)")
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise IatiImportError(f"not well-formed XML: {exc}") from None
    if root.getroottree().docinfo.internalDTD is not None:
        raise IatiImportError("the file declares a DTD; refused")
    if root.tag != "iati-activities":
        raise IatiImportError(f"the root element is <{root.tag}>, not <iati-activities>")
    if not str(root.get("version", "")).startswith("2."):
        raise IatiImportError(f"IATI version {root.get('version')!r}: 2.0x expected")
    return root


def code_for(identifier: str) -> str:
    """The activity code an IATI identifier maps to (stable; fits the 80-character codes)."""
    own = reporting_ref() + "-"
    if identifier.startswith(own):
        return identifier[len(own) :].lower()
    slug = _CODE_RE.sub("-", identifier.lower()).strip("-_")
    code = f"iati-{slug}"
    if len(code) > 80:
        digest = hashlib.sha1(identifier.encode("utf-8")).hexdigest()[:10]
        code = f"{code[:69]}-{digest}"
    return code


def _text(el: etree._Element | None, lang: str = "en") -> str:
    if el is None:
        return ""
    narratives = el.findall("narrative")
    for n in narratives:
        if n.get(XML_LANG) in (None, lang):
            return " ".join((n.text or "").split())
    return " ".join((narratives[0].text or "").split()) if narratives else ""


def _first(act: etree._Element, *paths: str) -> etree._Element | None:
    for path in paths:
        found = act.find(path)
        if found is not None:
            return found
    return None


def _topics_by_sector() -> dict[str, str]:
    by_code: dict[str, set[str]] = {}
    for topic, row in code_table("sectors.csv", "topic").items():
        by_code.setdefault(row["sector_code"], set()).add(topic)
    return {code: next(iter(t)) for code, t in by_code.items() if len(t) == 1}


def _money(act: etree._Element, default_currency: str) -> tuple[Decimal | None, str, str]:
    """(amount, currency, problem): commitments if any, else the budgets, in one currency."""
    values = act.xpath("transaction[transaction-type/@code='2']/value") or act.xpath("budget/value")
    if not values:
        return None, "", ""
    total, currencies = Decimal(0), set()
    for v in values:
        try:
            total += Decimal((v.text or "").strip())
        except InvalidOperation:
            return None, "", f"value {v.text!r} is not a number"
        currencies.add(v.get("currency") or default_currency)
    if len(currencies) != 1 or "" in currencies:
        return None, "", "amounts in several or no currencies: amount left empty"
    return total, currencies.pop(), ""


def activity_data(act: etree._Element, lookups: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Raw save_activity input for one <iati-activity>, and the problems met."""
    problems: list[str] = []
    ident = (act.findtext("iati-identifier") or "").strip()
    lang = (act.get(XML_LANG) or act.getparent().get(XML_LANG) or "en").lower()
    rep = act.find("reporting-org")
    rep_name = _text(rep, lang) or (rep.get("ref", "") if rep is not None else "")
    dates = {d.get("type"): (d.get("iso-date") or "")[:10] for d in act.findall("activity-date")}
    status = act.find("activity-status")
    countries = []
    for c in act.findall("recipient-country"):
        iso3 = lookups["iso2"].get((c.get("code") or "").upper())
        if iso3:
            countries.append(iso3)
        else:
            problems.append(f"recipient country {c.get('code')!r} not in the registry")

    def org(el: etree._Element) -> str:
        ref = (el.get("ref") or "").strip()
        name = _text(el, lang).lower()
        return lookups["orgs_by_ref"].get(ref) or lookups["orgs_by_name"].get(name, "")

    extending = act.xpath("participating-org[@role='3']") or act.xpath(
        "participating-org[@role='1']"
    )
    provider = next((s for s in (org(e) for e in extending) if s), "")
    if not provider and rep is not None:
        provider = lookups["orgs_by_ref"].get(rep.get("ref", ""), "")
    partners = sorted(
        {s for s in (org(e) for e in act.xpath("participating-org[@role='4']")) if s} - {provider}
    )
    unmatched = [
        _text(e, lang) or e.get("ref", "") for e in act.findall("participating-org") if not org(e)
    ]
    topics = {t.get("code") for t in act.xpath("tag[@vocabulary='99']")} & lookups["topics"]
    sector_topics = _topics_by_sector()
    for s in act.findall("sector"):
        if (s.get("vocabulary") or "1") == "1" and s.get("code") in sector_topics:
            topics.add(sector_topics[s.get("code", "")])
    amount, currency, problem = _money(act, act.get("default-currency") or "")
    if problem:
        problems.append(problem)
    note = f"Imported from the IATI file of {rep_name}."
    if unmatched:
        note += " Organisations not in the registry: " + "; ".join(sorted(set(unmatched))) + "."
    data: dict[str, Any] = {
        "code": code_for(ident),
        "title": (_text(act.find("title"), lang) or ident)[:500],
        "description": _text(_first(act, "description[@type='1']", "description"), lang),
        "language": lang[:8],
        "provider_organisation": provider,
        "executing_partners": partners,
        "beneficiary_countries": sorted(set(countries)),
        "topics": sorted(topics),
        "start_date": dates.get("2") or dates.get("1") or "",
        "end_date": dates.get("4") or dates.get("3") or "",
        "status": STATUS.get(status.get("code", "") if status is not None else "", "planned"),
        "published": False,
        "source": f"{SOURCE_PREFIX}{ident}\nreporting org: {rep_name}",
        "note": note,
        "amount": str(amount) if amount is not None else "",
        "currency": currency,
    }
    return data, problems


def _lookups() -> dict[str, Any]:
    orgs = list(Organisation.objects.all())
    return {
        "iso2": {c.iso2: c.iso3 for c in Country.objects.exclude(iso2="")},
        "orgs_by_ref": {o.iati_ref: o.slug for o in orgs if o.iati_ref},
        "orgs_by_name": {o.name.lower(): o.slug for o in orgs}
        | {o.acronym.lower(): o.slug for o in orgs if o.acronym},
        "topics": set(Topic.objects.values_list("slug", flat=True)),
    }


def import_iati(path: Path, *, actor: Actor = None, dry_run: bool = False) -> IatiImportReport:
    """Upsert every activity of the IATI file at `path`; all or nothing."""
    from django.core.exceptions import ValidationError

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise IatiImportError(f"{path}: {exc.strerror}") from None
    root = parse(raw)
    lookups = _lookups()
    report = IatiImportReport(dry_run=dry_run)
    rows: list[dict[str, Any]] = []
    errors: list[str] = []
    seen: dict[str, str] = {}
    for n, act in enumerate(root.findall("iati-activity"), start=1):
        ident = (act.findtext("iati-identifier") or "").strip()
        where = f"activity {n} (line {act.sourceline})"
        if not ident:
            errors.append(f"{where}: no iati-identifier")
            continue
        data, problems = activity_data(act, lookups)
        report.problems += [f"{ident}: {p}" for p in problems]
        if data["code"] in seen:
            errors.append(f"{where}: {ident!r} repeats {seen[data['code']]!r}")
            continue
        seen[data["code"]] = ident
        existing = Activity.objects.filter(code=data["code"]).first()
        if (
            existing is not None
            and existing.source.startswith(SOURCE_PREFIX)
            and existing.source.splitlines()[0] != f"{SOURCE_PREFIX}{ident}"
        ):
            errors.append(f"{where}: code {data['code']!r} already holds another IATI activity")
            continue
        if existing is not None:
            data.pop("published")  # an officer's publication decision stands
        (report.updated if existing else report.created).append(data["code"])
        rows.append(data)
    if not rows and not errors:
        errors.append("the file holds no <iati-activity>")
    if errors:
        raise IatiImportError("; ".join(errors))
    if dry_run:
        return report
    saved = []
    with transaction.atomic():
        for data in rows:
            try:
                activity, _ = save_activity(actor, data)
            except ValidationError as exc:
                detail = "; ".join(f"{k}: {', '.join(v)}" for k, v in exc.message_dict.items())
                raise IatiImportError(f"{seen[data['code']]}: {detail}") from None
            saved.append(activity)
    for activity in saved:
        if not activity.provider_organisation_id and not activity.provider_party_id:
            report.unchecked.append(activity.code)
            continue
        answers = activity_imported.send(sender=Activity, activity_id=activity.pk)
        for _receiver, flagged in cast(list[tuple[Any, list[tuple[str, float]]]], answers):
            for other_code, similarity in flagged or []:
                report.duplicates.append((activity.code, str(other_code), float(similarity)))
    return report
