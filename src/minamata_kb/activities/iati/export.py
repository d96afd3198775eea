"""Build an IATI 2.03 activity file an aggregator (IATI datastore, d-portal) can use.

What each element is made of, and the tables in data/iati/ it reads:
- recipient-country (ISO 3166-1 alpha-2 from the registry) with percentages split evenly and
  summing to exactly 100; an activity with no beneficiary country is reported for region 998
  "Developing countries, unspecified" (OECD DAC region vocabulary 1), never left blank;
- sector: OECD DAC CRS purpose codes (vocabulary 1) from the activity's topics through
  data/iati/sectors.csv (a reason per mapping); 41010 when no topic maps;
- policy-marker: data/iati/policy_markers.csv;
- default aid, flow and finance type, tied status and collaboration type: the activity's channel
  (else its funding source) in data/iati/channel_defaults.csv; a blank cell is not declared;
- participating-org: funding (1) = the source of funds (the funding-source channel's
  organisation or fund; a party providing its own cooperation), extending (3) = the provider,
  implementing (4) = the executing partners (the provider itself when it names none); an
  organisation's identifier is written only where the registry holds a real one (iati_ref);
- reporting-org: settings.IATI_REPORTING_ORG_REF; while it is the placeholder the file says so in
  a comment; secondary-reporter="1" where the secretariat publishes an activity it does not
  provide itself;
- dates: only the activity's own; a missing date is omitted, never filled in. IATI requires a
  start date (rule 6.11.1), so an activity without one is left out of the file and listed in a
  comment (and by the export command);
- budget / transaction: the activity's amount as a budget when its period is at most a year
  (rule 7.5.3), and as an outgoing commitment dated at its start once it has started.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from lxml import etree

from minamata_kb.registry.models import Organisation

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PLACEHOLDER_REF = "ZZ-PLACEHOLDER-MINAMATA-SECRETARIAT"
REPORTING_ORG_NAME = "Secretariat of the Minamata Convention on Mercury"
UNSPECIFIED_REGION = "998"  # Developing countries, unspecified (OECD DAC)
DEFAULT_SECTOR = "41010"  # Environmental policy and administrative management
STATUS = {"planned": "1", "ongoing": "2", "completed": "4", "cancelled": "5"}
# IATI OrganisationType for the registry's kinds.
ORG_TYPE = {
    "igo": "40",
    "gef_agency": "40",
    "secretariat": "40",
    "basel_centre": "40",
    "stockholm_centre": "40",
    "brs_centre": "40",
    "ngo": "21",
    "gmp_partner": "21",
    "private": "70",
    "academic": "80",
    "donor": "10",
}
# Funds the Convention's channels stand for, when no registry organisation is the funder.
FUNDS = {
    "sip": "Specific International Programme trust fund (Minamata Convention)",
    "special_trust_fund": "Special trust fund of the Minamata Convention",
    "special_programme": "Special Programme on institutional strengthening trust fund",
}


def reporting_ref() -> str:
    return str(getattr(settings, "IATI_REPORTING_ORG_REF", "") or PLACEHOLDER_REF)


def is_placeholder(ref: str) -> bool:
    return ref == PLACEHOLDER_REF


def _data(name: str) -> Path:
    return Path(settings.DATA_DIR) / "iati" / name


@lru_cache(maxsize=8)
def code_table(name: str, key: str) -> dict[str, dict[str, str]]:
    with open(_data(name), encoding="utf-8", newline="") as fh:
        return {row[key]: row for row in csv.DictReader(fh)}


def sector_for_topic(slug: str) -> str:
    row = code_table("sectors.csv", "topic").get(slug)
    return row["sector_code"] if row else ""


def channel_defaults(slug: str) -> dict[str, str]:
    return code_table("channel_defaults.csv", "channel").get(slug, {})


def split_100(n: int) -> list[Decimal]:
    """n percentages with two decimals, as even as possible, summing to exactly 100."""
    if n <= 0:
        return []
    each = (Decimal(100) / n).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    shares = [each] * n
    shares[0] += Decimal(100) - each * n
    return shares


@dataclass
class ExportResult:
    xml: bytes
    left_out: list[tuple[str, str]] = field(default_factory=list)  # (code, reason)


def _narrative(parent: etree._Element, tag: str, text: str) -> etree._Element:
    el = etree.SubElement(parent, tag)
    etree.SubElement(el, "narrative").text = text
    return el


def _participant(parent: etree._Element, role: str, obj: Any = None, name: str = "") -> None:
    el = etree.SubElement(parent, "participating-org", role=role)
    if obj is not None and hasattr(obj, "slug"):
        if obj.iati_ref:
            el.set("ref", obj.iati_ref)
        if obj.kind in ORG_TYPE:
            el.set("type", ORG_TYPE[obj.kind])
        name = obj.name
    elif obj is not None:  # a party: its government
        el.set("type", "10")
        name = str(obj.name_en)
    etree.SubElement(el, "narrative").text = name


def _funder(a: Any) -> tuple[Any, str]:
    """(registry object or None, fund name) of the activity's source of funds, if known."""
    fs = a.funding_source.slug if a.funding_source_id else ""
    if fs == "gef":
        gef = Organisation.objects.filter(slug="gef").first()
        return (gef, "") if gef else (None, "Global Environment Facility")
    if fs in FUNDS:
        return None, FUNDS[fs]
    if a.provider_party_id and fs in ("", "bilateral"):
        return a.provider_party, ""  # a party's own cooperation
    if a.provider_organisation_id and a.provider_organisation.kind == "donor" and not fs:
        return a.provider_organisation, ""
    return None, ""


def activity_element(a: Any, parent: etree._Element, today: dt.date, ref: str) -> None:
    """Append one <iati-activity> (element order of the 2.03 schema)."""
    el = etree.SubElement(parent, "iati-activity")
    el.set(XML_LANG, a.language if len(a.language) == 2 else "en")
    if a.currency:
        el.set("default-currency", a.currency)
    el.set("last-updated-datetime", a.updated_at.replace(microsecond=0).isoformat())
    etree.SubElement(el, "iati-identifier").text = f"{ref}-{a.code}"
    rep = _narrative(el, "reporting-org", REPORTING_ORG_NAME)
    rep.set("ref", ref)
    rep.set("type", "40")
    provider = a.provider
    if not (provider is not None and getattr(provider, "kind", "") == "secretariat"):
        rep.set("secondary-reporter", "1")
    _narrative(el, "title", a.title)
    _narrative(el, "description", a.description or a.title).set("type", "1")
    _participants(el, a)
    started = _status_and_dates(el, a, today)
    _recipients(el, a)
    _sectors_tags_markers(el, a)
    _channel_defaults(el, a)
    if a.amount is not None and a.currency:
        _money(el, a, started)
    _outputs_and_results(el, a)


def _participants(el: etree._Element, a: Any) -> None:
    """Funding, extending and implementing organisations."""
    provider = a.provider
    funder, fund_name = _funder(a)
    if funder is not None or fund_name:
        _participant(el, "1", funder, fund_name)
    partners = sorted(a.executing_partners.all(), key=lambda o: o.slug)
    if provider is not None and provider != funder:
        _participant(el, "3", provider)
    for partner in partners:
        _participant(el, "4", partner)
    if not partners and provider is not None and hasattr(provider, "slug"):
        _participant(el, "4", provider)  # an organisation delivering its own activity


def _status_and_dates(el: etree._Element, a: Any, today: dt.date) -> bool:
    """Status, start and end dates (actual once passed); whether the activity has started."""
    etree.SubElement(el, "activity-status", code=STATUS.get(a.status, "1"))
    started = a.status in {"ongoing", "completed"} and a.start_date <= today
    etree.SubElement(
        el, "activity-date", type="2" if started else "1", **{"iso-date": a.start_date.isoformat()}
    )
    if a.end_date:
        ended = a.status == "completed" and a.end_date <= today
        etree.SubElement(
            el, "activity-date", type="4" if ended else "3", **{"iso-date": a.end_date.isoformat()}
        )
    return started


def _recipients(el: etree._Element, a: Any) -> None:
    """Beneficiary countries sharing 100 %, else the unspecified region."""
    countries = sorted((c for c in a.beneficiary_countries.all() if c.iso2), key=lambda c: c.iso2)
    if countries:
        for c, pct in zip(countries, split_100(len(countries)), strict=True):
            etree.SubElement(el, "recipient-country", code=c.iso2, percentage=str(pct))
    else:
        etree.SubElement(
            el, "recipient-region", code=UNSPECIFIED_REGION, vocabulary="1", percentage="100"
        )


def _sectors_tags_markers(el: etree._Element, a: Any) -> None:
    """DAC sectors from the topics, the topics as tags, and the policy markers they call for."""
    topics = sorted(a.topics.all(), key=lambda t: t.slug)
    codes = sorted({sector_for_topic(t.slug) for t in topics} - {""}) or [DEFAULT_SECTOR]
    for code, pct in zip(codes, split_100(len(codes)), strict=True):
        etree.SubElement(el, "sector", code=code, vocabulary="1", percentage=str(pct))
    for t in topics:
        tag = _narrative(el, "tag", t.name_en)
        tag.set("vocabulary", "99")
        tag.set("code", t.slug)
    slugs = {t.slug for t in topics}
    for row in code_table("policy_markers.csv", "marker").values():
        when = row["applies_when"]
        if when == "every activity" or (when.startswith("topic ") and when[6:] in slugs):
            etree.SubElement(
                el,
                "policy-marker",
                vocabulary="1",
                code=row["marker"],
                significance=row["significance"],
            )


def _channel_defaults(el: etree._Element, a: Any) -> None:
    """Collaboration, flow, finance, aid and tied-status defaults of the activity's channel."""
    channel = (
        a.channel.slug if a.channel_id else (a.funding_source.slug if a.funding_source_id else "")
    )
    d = channel_defaults(channel)
    if d.get("collaboration_type"):
        etree.SubElement(el, "collaboration-type", code=d["collaboration_type"])
    if d.get("flow_type"):
        etree.SubElement(el, "default-flow-type", code=d["flow_type"])
    if d.get("finance_type"):
        etree.SubElement(el, "default-finance-type", code=d["finance_type"])
    if d.get("aid_type"):
        etree.SubElement(el, "default-aid-type", code=d["aid_type"], vocabulary="1")
    if d.get("tied_status"):
        etree.SubElement(el, "default-tied-status", code=d["tied_status"])


def _period(parent: etree._Element, a: Any) -> None:
    """The activity's start and end as a <period-start>/<period-end> pair."""
    etree.SubElement(parent, "period-start", **{"iso-date": a.start_date.isoformat()})
    etree.SubElement(parent, "period-end", **{"iso-date": a.end_date.isoformat()})


def _money(el: etree._Element, a: Any, started: bool) -> None:
    """A budget (for an activity of at most a year) and, once started, its commitment."""
    if a.end_date and (a.end_date - a.start_date).days < 366:
        budget = etree.SubElement(
            el, "budget", type="1", status="1" if a.status == "planned" else "2"
        )
        _period(budget, a)
        value = etree.SubElement(
            budget, "value", currency=a.currency, **{"value-date": a.start_date.isoformat()}
        )
        value.text = str(a.amount)
    if started:
        tx = etree.SubElement(el, "transaction")
        etree.SubElement(tx, "transaction-type", code="2")  # outgoing commitment
        day = a.start_date.isoformat()
        etree.SubElement(tx, "transaction-date", **{"iso-date": day})
        value = etree.SubElement(tx, "value", currency=a.currency, **{"value-date": day})
        value.text = str(a.amount)


def _outputs_and_results(el: etree._Element, a: Any) -> None:
    """Document links to the outputs, and results with their indicators."""
    for out in a.outputs.all():
        if not out.url:
            continue
        link = etree.SubElement(el, "document-link", url=out.url, format="text/html")
        _narrative(link, "title", out.title or out.resource_ref or out.url)
        etree.SubElement(link, "category", code="A01")
    for r in a.results.all():
        res = etree.SubElement(el, "result", type="1")
        _narrative(res, "title", r.indicator)
        ind = etree.SubElement(res, "indicator", measure="1")
        _narrative(ind, "title", r.indicator + (f" ({r.unit})" if r.unit else ""))
        if r.baseline is not None and r.baseline_year:
            etree.SubElement(ind, "baseline", year=str(r.baseline_year), value=str(r.baseline))
        if a.end_date and (r.target is not None or r.actual is not None):
            period = etree.SubElement(ind, "period")
            _period(period, a)
            if r.target is not None:
                etree.SubElement(period, "target", value=str(r.target))
            if r.actual is not None:
                etree.SubElement(period, "actual", value=str(r.actual))


def build(
    activities: Iterable[Any],
    *,
    generated: dt.datetime | None = None,
    today: dt.date | None = None,
) -> ExportResult:
    """The <iati-activities version="2.03"> document and the activities left out of it."""
    today = today or dt.date.today()
    ref = reporting_ref()
    root = etree.Element("iati-activities", version="2.03")
    if generated is not None:
        root.set("generated-datetime", generated.replace(microsecond=0).isoformat())
    if is_placeholder(ref):
        root.append(
            etree.Comment(
                f" reporting-org ref {ref} is a PLACEHOLDER, not a registered IATI organisation"
                " identifier: set IATI_REPORTING_ORG_REF to the secretariat's own before"
                " publishing to the IATI Registry "
            )
        )
    left_out: list[tuple[str, str]] = []
    for a in activities:
        if a.start_date is None:
            left_out.append((a.code, "no start date (IATI rule 6.11.1 requires one)"))
            continue
        activity_element(a, root, today, ref)
    if left_out:
        root.append(
            etree.Comment(
                " left out, no start date in the record (none is made up): "
                + ", ".join(code for code, _ in left_out)
                + " "
            )
        )
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return ExportResult(xml=xml, left_out=left_out)
