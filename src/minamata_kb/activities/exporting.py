"""Export activities as CSV, XLSX or IATI 2.03 activity XML (stable order: by code).

The CSV/XLSX columns are exactly the import columns, so an export can be edited and imported
back. The IATI file is checked against the official 2.03 schema in the tests
(`schemas_iati/`).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db.models import QuerySet
from lxml import etree

from minamata_kb.activities.importing import COLUMNS
from minamata_kb.activities.models import Activity
from minamata_kb.core import tabular

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas_iati"
# Not a registered IATI organisation identifier: the secretariat would replace this prefix with
# its own once registered. It keeps identifiers unique and stable in the meantime.
IATI_ORG_REF = "XM-MINAMATA-KB"
IATI_ORG_NAME = "Secretariat of the Minamata Convention on Mercury"
IATI_STATUS = {"planned": "1", "ongoing": "2", "completed": "4", "cancelled": "5"}
# IATI OrganisationType codelist.
IATI_ORG_TYPE = {
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


def export_queryset() -> QuerySet[Activity]:
    """Published and draft activities in a stable order, with their relations loaded."""
    return (
        Activity.objects.order_by("code")
        .select_related("provider_party", "provider_organisation", "channel", "funding_source")
        .prefetch_related(
            "beneficiary_countries",
            "executing_partners",
            "topics",
            "articles",
            "outputs",
            "results",
        )
    )


def activity_row(a: Activity) -> dict[str, str]:
    """One activity as the import/export columns (lists joined by ';', sorted)."""
    return {
        "code": a.code,
        "title": a.title,
        "description": a.description,
        "language": a.language,
        "provider_party": a.provider_party.code if a.provider_party else "",
        "provider_organisation": a.provider_organisation.slug if a.provider_organisation else "",
        "executing_partners": ";".join(sorted(o.slug for o in a.executing_partners.all())),
        "channel": a.channel.slug if a.channel else "",
        "funding_source": a.funding_source.slug if a.funding_source else "",
        "amount": "" if a.amount is None else str(a.amount),
        "currency": a.currency,
        "beneficiary_countries": ";".join(sorted(c.iso3 for c in a.beneficiary_countries.all())),
        "articles": ";".join(str(n) for n in sorted(x.number for x in a.articles.all())),
        "topics": ";".join(sorted(t.slug for t in a.topics.all())),
        "start_date": a.start_date.isoformat() if a.start_date else "",
        "end_date": a.end_date.isoformat() if a.end_date else "",
        "status": a.status,
        "published": "yes" if a.published else "no",
        "outputs": ";".join(o.resource_ref for o in a.outputs.all() if o.resource_ref),
        "source": a.source,
        "note": a.note,
    }


def to_csv(activities: Iterable[Activity]) -> bytes:
    """UTF-8 CSV with a header row."""
    buf = io.StringIO(newline="")
    writer = tabular.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for a in activities:
        writer.writerow(activity_row(a))
    return buf.getvalue().encode("utf-8")


def to_xlsx(activities: Iterable[Activity]) -> bytes:
    """One sheet, header row first; dates as text so the file round-trips through import.

    Text cells are string cells, never formulas (`core.tabular.xlsx_append`)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "activities"
    sheet.append(COLUMNS)
    for a in activities:
        row = activity_row(a)
        tabular.xlsx_append(sheet, [row[c] for c in COLUMNS])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _narrative(parent: etree._Element, tag: str, text: str, lang: str = "") -> etree._Element:
    el = etree.SubElement(parent, tag)
    n = etree.SubElement(el, "narrative")
    if lang:
        n.set("{http://www.w3.org/XML/1998/namespace}lang", lang)
    n.text = text
    return el


def _org(parent: etree._Element, role: str, obj: Any) -> None:
    el = etree.SubElement(parent, "participating-org", role=role)
    if hasattr(obj, "slug"):
        el.set("ref", f"{IATI_ORG_REF}-ORG-{obj.slug}")
        if obj.kind in IATI_ORG_TYPE:
            el.set("type", IATI_ORG_TYPE[obj.kind])
    else:
        el.set("type", "10")  # a party: government
    n = etree.SubElement(el, "narrative")
    n.text = str(obj.name)


def iati_activity(a: Activity, parent: etree._Element) -> None:
    """Append one <iati-activity> in the element order of the 2.03 schema."""
    lang = a.language if len(a.language) == 2 else "en"
    el = etree.SubElement(parent, "iati-activity")
    el.set("{http://www.w3.org/XML/1998/namespace}lang", lang)
    if a.currency:
        el.set("default-currency", a.currency)
    el.set("last-updated-datetime", a.updated_at.replace(microsecond=0).isoformat())
    ident = etree.SubElement(el, "iati-identifier")
    ident.text = f"{IATI_ORG_REF}-{a.code}"
    rep = _narrative(el, "reporting-org", IATI_ORG_NAME)
    rep.set("ref", IATI_ORG_REF)
    rep.set("type", "40")
    _narrative(el, "title", a.title)
    desc = _narrative(el, "description", a.description or a.title)
    desc.set("type", "1")
    if a.provider is not None:
        _org(el, "1", a.provider)
    for partner in sorted(a.executing_partners.all(), key=lambda o: o.slug):
        _org(el, "4", partner)
    if a.provider is None and not a.executing_partners.exists():
        _narrative(el, "participating-org", IATI_ORG_NAME).set("role", "2")
    etree.SubElement(el, "activity-status", code=IATI_STATUS.get(a.status, "1"))
    started = a.status in {"ongoing", "completed"}
    ended = a.status == "completed"
    if a.start_date:
        etree.SubElement(
            el,
            "activity-date",
            type="2" if started else "1",
            **{"iso-date": a.start_date.isoformat()},
        )
    if a.end_date:
        etree.SubElement(
            el, "activity-date", type="4" if ended else "3", **{"iso-date": a.end_date.isoformat()}
        )
    if not a.start_date and not a.end_date:
        etree.SubElement(
            el, "activity-date", type="1", **{"iso-date": a.created_at.date().isoformat()}
        )
    for c in sorted(a.beneficiary_countries.all(), key=lambda c: c.iso3):
        if c.iso2:
            etree.SubElement(el, "recipient-country", code=c.iso2)
    for t in sorted(a.topics.all(), key=lambda t: t.slug):
        tag = _narrative(el, "tag", t.name_en)
        tag.set("vocabulary", "99")
        tag.set("code", t.slug)
    if a.amount is not None and a.currency:
        tx = etree.SubElement(el, "transaction")
        etree.SubElement(tx, "transaction-type", code="2")  # outgoing commitment
        day = (a.start_date or a.created_at.date()).isoformat()
        etree.SubElement(tx, "transaction-date", **{"iso-date": day})
        value = etree.SubElement(tx, "value", currency=a.currency, **{"value-date": day})
        value.text = str(a.amount)
    for out in a.outputs.all():
        url = out.url or ""
        if not url:
            continue
        link = etree.SubElement(el, "document-link", url=url, format="text/html")
        _narrative(link, "title", out.title or out.resource_ref or url)
        etree.SubElement(link, "category", code="A01")
    for r in a.results.all():
        res = etree.SubElement(el, "result", type="1")
        _narrative(res, "title", r.indicator)
        ind = etree.SubElement(res, "indicator", measure="1")
        _narrative(ind, "title", r.indicator + (f" ({r.unit})" if r.unit else ""))
        if r.baseline is not None:
            year = r.baseline_year or (a.start_date.year if a.start_date else a.created_at.year)
            etree.SubElement(ind, "baseline", year=str(year), value=str(r.baseline))
        if a.start_date and a.end_date and (r.target is not None or r.actual is not None):
            period = etree.SubElement(ind, "period")
            etree.SubElement(period, "period-start", **{"iso-date": a.start_date.isoformat()})
            etree.SubElement(period, "period-end", **{"iso-date": a.end_date.isoformat()})
            if r.target is not None:
                etree.SubElement(period, "target", value=str(r.target))
            if r.actual is not None:
                etree.SubElement(period, "actual", value=str(r.actual))


def to_iati(activities: Iterable[Activity], *, generated: dt.datetime | None = None) -> bytes:
    """An <iati-activities version="2.03"> document."""
    root = etree.Element("iati-activities", version="2.03")
    if generated is not None:
        root.set("generated-datetime", generated.replace(microsecond=0).isoformat())
    for a in activities:
        iati_activity(a, root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def iati_schema() -> etree.XMLSchema:
    """The official IATI 2.03 activity schema shipped with this app."""
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / "iati-activities-schema.xsd")))


def export(fmt: str, activities: Iterable[Activity] | None = None) -> bytes:
    """Bytes of the export in `fmt` (csv, xlsx or iati)."""
    items = list(activities if activities is not None else export_queryset())
    if fmt == "csv":
        return to_csv(items)
    if fmt == "xlsx":
        return to_xlsx(items)
    if fmt == "iati":
        return to_iati(items)
    raise ValueError(f"unknown format {fmt!r}; one of csv, xlsx, iati")
