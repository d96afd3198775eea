"""Checks of an IATI 2.03 activity file beyond the schema: the IATI Standard Ruleset's rules.

Our own implementation, written from the machine-readable Standard Ruleset (IATI-Rulesets,
branch version-2.03, `rulesets/standard.json`): each finding carries the ruleset's rule id and
severity. Covered: identifiers (prefix, uniqueness, no spaces or /&|?), registered org-id
prefixes, a start date, date order and no future actual dates, percentages in range and summing
to 100 (sectors per vocabulary, recipient countries and regions together), budget periods of at
most a year, a default language and currency, sectors present, and every code drawn from its IATI
code list (data/iati/codelists). Used by the tests and by
`minamata-kb export activities --format iati --check`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from lxml import etree

from minamata_kb.core.codelists import is_code, org_id_prefix

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_BAD_ID_CHARS = re.compile(r"[/&|?]")


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str  # error | warning
    activity: str
    message: str

    def __str__(self) -> str:
        return f"{self.severity} {self.rule} [{self.activity}] {self.message}"


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _pct(value: str | None) -> Decimal | None:
    try:
        return Decimal(value) if value is not None else None
    except InvalidOperation:
        return None


def _period(element: etree._Element) -> tuple[dt.date | None, dt.date | None]:
    """The start and end dates of an element with <period-start> and <period-end>."""
    bounds = (element.find("period-start"), element.find("period-end"))
    start, end = (_date(b.get("iso-date")) if b is not None else None for b in bounds)
    return start, end


class _Checker:
    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.findings: list[Finding] = []
        self.ident = ""

    def add(self, rule: str, severity: str, message: str) -> None:
        self.findings.append(Finding(rule, severity, self.ident, message))

    def code(self, codelist: str, value: str | None, where: str, rule: str = "codelist") -> None:
        if value is None or value == "":
            return
        if not is_code(codelist, value):
            self.add(rule, "error", f"{where} code {value!r} is not in the {codelist} code list")

    def identifier(self, value: str, what: str, rule: str) -> None:
        if value != value.strip():
            self.add(f"{rule}.1", "warning", f"{what} {value!r} starts or ends with a space")
        if _BAD_ID_CHARS.search(value):
            self.add(f"{rule}.13", "warning", f"{what} {value!r} contains / & | or ?")

    def percentages(self, elements: list[etree._Element], what: str, rules: tuple[str, str, str]):
        if not elements:
            return
        values = [_pct(e.get("percentage")) for e in elements]
        for e, v in zip(elements, values, strict=True):
            if e.get("percentage") is not None and (v is None or not 0 <= v <= 100):
                self.add("12.1.1", "error", f"{what} percentage {e.get('percentage')!r} not 0-100")
        if len(elements) == 1:
            if values[0] is not None and values[0] != 100:
                self.add(rules[2], "error", f"a single {what} must have no percentage or 100")
            return
        if any(v is None for v in values):
            self.add(rules[0], "error", f"several {what}s: each needs a percentage")
            return
        total = sum(v for v in values if v is not None)
        if total != 100:
            self.add(rules[1], "error", f"{what} percentages add up to {total}, not 100")

    def activity(self, act: etree._Element, seen: dict[str, int], default_lang: bool) -> None:
        """Every rule on one <iati-activity>, group by group."""
        self.ident = (act.findtext("iati-identifier") or "").strip() or "(no identifier)"
        seen[self.ident] += 1
        self.identifiers(act)
        self.language_and_currency(act, default_lang)
        self.participating_orgs(act)
        self.dates(act)
        self.recipients(act)
        self.sectors(act)
        self.markers_and_types(act)
        self.budgets_and_transactions(act)
        self.documents_and_texts(act)

    def identifiers(self, act: etree._Element) -> None:
        rep = act.find("reporting-org")
        rep_ref = rep.get("ref", "") if rep is not None else ""
        raw_ident = act.findtext("iati-identifier") or ""
        self.identifier(raw_ident, "iati-identifier", "1.3")
        if rep_ref:
            self.identifier(rep_ref, "reporting-org ref", "1.14")
            if raw_ident.strip() == rep_ref:
                self.add("1.1.3", "error", "the activity identifier equals the reporting-org ref")
            if not raw_ident.startswith(rep_ref + "-"):
                self.add(
                    "1.1.21", "warning", "identifier does not begin with the reporting-org ref"
                )
            if not org_id_prefix(rep_ref):
                self.add(
                    "1.14.8", "warning", f"reporting-org ref {rep_ref!r} has no registered prefix"
                )
        if rep is not None:
            self.code("OrganisationType", rep.get("type"), "reporting-org type")

    def language_and_currency(self, act: etree._Element, default_lang: bool) -> None:
        if not default_lang and act.get(XML_LANG) is None:
            if any(n.get(XML_LANG) is None for n in act.iter("narrative")):
                self.add("4.1.1", "error", "no default language and a narrative without xml:lang")
        self.code("Language", act.get(XML_LANG), "xml:lang")
        self.code("Currency", act.get("default-currency"), "default-currency")
        if act.get("default-currency") is None:
            for v in act.iter("value"):
                if v.get("currency") is None:
                    self.add("7.8.1", "error", "a value without currency and no default currency")
                    break
        for v in act.iter("value"):
            self.code("Currency", v.get("currency"), "value currency")

    def participating_orgs(self, act: etree._Element) -> None:
        for po in act.findall("participating-org"):
            narr = (po.findtext("narrative") or "").strip()
            if not po.get("ref") and not narr:
                self.add("6.10.1", "error", "participating-org without identifier or narrative")
            if po.get("ref"):
                self.identifier(po.get("ref", ""), "participating-org ref", "1.8")
                if not org_id_prefix(po.get("ref", "")):
                    self.add(
                        "1.8.8",
                        "warning",
                        f"participating-org ref {po.get('ref')!r}: no registered prefix",
                    )
            self.code("OrganisationRole", po.get("role"), "participating-org role")
            self.code("OrganisationType", po.get("type"), "participating-org type")

    def dates(self, act: etree._Element) -> None:
        status = act.find("activity-status")
        self.code(
            "ActivityStatus", status.get("code") if status is not None else None, "activity-status"
        )
        dates: dict[str, dt.date] = {}
        for d in act.findall("activity-date"):
            self.code("ActivityDateType", d.get("type"), "activity-date type")
            parsed = _date(d.get("iso-date"))
            if parsed is None:
                self.add("date", "error", f"activity-date {d.get('iso-date')!r} is not a date")
            elif d.get("type"):
                dates[d.get("type", "")] = parsed
        if "1" not in dates and "2" not in dates:
            self.add("6.11.1", "error", "no planned or actual start date")
        if "1" in dates and "3" in dates and dates["1"] > dates["3"]:
            self.add("11.1.2", "error", "planned start after planned end")
        if "2" in dates and "4" in dates and dates["2"] > dates["4"]:
            self.add("11.1.3", "error", "actual start after actual end")
        if "2" in dates and dates["2"] > self.today:
            self.add("11.1.4", "error", "actual start date in the future")
        if "4" in dates and dates["4"] > self.today:
            self.add("11.1.5", "error", "actual end date in the future")
        updated = act.get("last-updated-datetime")
        if updated and (_date(updated) or dt.date.min) > self.today:
            self.add("11.1.1", "error", "last-updated-datetime in the future")

    def recipients(self, act: etree._Element) -> None:
        countries = act.findall("recipient-country")
        regions = act.findall("recipient-region")
        for c in countries:
            self.code("Country", c.get("code"), "recipient-country")
        by_vocab: dict[str, list[etree._Element]] = defaultdict(list)
        for r in regions:
            vocab = r.get("vocabulary") or "1"
            by_vocab[vocab].append(r)
            if vocab == "1":
                self.code("Region", r.get("code"), "recipient-region")
            self.code("RegionVocabulary", vocab, "recipient-region vocabulary")
        if not countries and not regions:
            txs = act.findall("transaction")
            if not txs or any(
                t.find("recipient-country") is None and t.find("recipient-region") is None
                for t in txs
            ):
                self.add("3.7.1", "error", "no recipient country or region")
        if not regions:
            self.percentages(countries, "recipient-country", ("3.1.1", "3.1.2", "3.1.4"))
        for vocab, regs in by_vocab.items():
            self.percentages(
                regs + countries,
                f"recipient country/region (vocabulary {vocab})",
                ("3.1.1", "3.1.2", "3.1.4"),
            )

    def sectors(self, act: etree._Element) -> None:
        sectors = act.findall("sector")
        tx_sectors = act.findall("transaction/sector")
        if not sectors and not tx_sectors:
            self.add("6.2.2", "error", "no sector")
        if sectors and tx_sectors:
            self.add("6.6.2", "error", "sectors at activity and transaction level")
        sec_vocab: dict[str, list[etree._Element]] = defaultdict(list)
        for s in sectors:
            vocab = s.get("vocabulary") or "1"
            sec_vocab[vocab].append(s)
            self.code("SectorVocabulary", vocab, "sector vocabulary")
            if vocab == "1":
                self.code("Sector", s.get("code"), "sector")
            if vocab in ("98", "99") and not (s.findtext("narrative") or "").strip():
                self.add("2.2.1", "error", "a reporting-organisation sector needs a narrative")
        if sectors and "1" not in sec_vocab:
            self.add("102.1.1", "warning", "no OECD DAC (vocabulary 1) sector")
        for vocab, secs in sec_vocab.items():
            self.percentages(secs, f"sector (vocabulary {vocab})", ("2.1.1", "2.1.2", "2.1.4"))

    def markers_and_types(self, act: etree._Element) -> None:
        for pm in act.findall("policy-marker"):
            vocab = pm.get("vocabulary") or "1"
            if vocab == "1":
                self.code("PolicyMarker", pm.get("code"), "policy-marker")
                if pm.get("significance") is None:
                    self.add("6.14.1", "error", "policy marker (vocabulary 1) without significance")
            self.code("PolicySignificance", pm.get("significance"), "policy-marker significance")
        for tag, codelist in (
            ("collaboration-type", "CollaborationType"),
            ("default-flow-type", "FlowType"),
            ("default-finance-type", "FinanceType"),
            ("default-tied-status", "TiedStatus"),
        ):
            for e in act.findall(tag):
                self.code(codelist, e.get("code"), tag)
        aid = [e for e in act.findall("default-aid-type") if (e.get("vocabulary") or "1") == "1"]
        if len(aid) > 1:
            self.add("107.1.2", "warning", "more than one default aid type (vocabulary 1)")
        for e in aid:
            self.code("AidType", e.get("code"), "default-aid-type")

    def budgets_and_transactions(self, act: etree._Element) -> None:
        for b in act.findall("budget"):
            self.code("BudgetType", b.get("type"), "budget type")
            self.code("BudgetStatus", b.get("status"), "budget status")
            start, end = _period(b)
            if start and end:
                if start > end:
                    self.add("date_order", "error", "budget period starts after it ends")
                elif (end - start).days > 366:
                    self.add("7.5.3", "error", "budget period longer than one year")
        for t in act.findall("transaction"):
            tt = t.find("transaction-type")
            self.code(
                "TransactionType", tt.get("code") if tt is not None else None, "transaction-type"
            )
            td = t.find("transaction-date")
            when = _date(td.get("iso-date") if td is not None else None)
            if when and when > self.today:
                self.add("11.2.1", "error", "transaction date in the future")
            val = t.find("value")
            vdate = _date(val.get("value-date") if val is not None else None)
            if vdate and vdate > self.today:
                self.add("11.2.2", "error", "transaction value date in the future")

    def documents_and_texts(self, act: etree._Element) -> None:
        for dl in act.findall("document-link"):
            for cat in dl.findall("category"):
                self.code("DocumentCategory", cat.get("code"), "document-link category")
        for desc in act.findall("description"):
            self.code("DescriptionType", desc.get("type"), "description type")
        for per in act.iter("period"):
            s, e = _period(per)
            if s and e and s > e:
                self.add("8.6.1", "error", "indicator period starts after it ends")
        for node in ("title", "description"):
            for e in act.findall(node):
                if not "".join(n.text or "" for n in e.findall("narrative")).strip():
                    self.add("narrative", "error", f"{node} without text")


def check(doc: bytes | etree._Element, *, today: dt.date | None = None) -> list[Finding]:
    """Findings of the Standard Ruleset checks on an <iati-activities> document."""
    root = (
        doc
        if isinstance(doc, etree._Element)
        else etree.fromstring(
            doc, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        )
    )
    c = _Checker(today or dt.date.today())
    seen: dict[str, int] = defaultdict(int)
    default_lang = root.get(XML_LANG) is not None
    for act in root.findall("iati-activity"):
        c.activity(act, seen, default_lang)
    for ident, n in seen.items():
        if n > 1:
            c.ident = ident
            c.add("unique", "error", f"iati-identifier used by {n} activities")
    return c.findings


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == "error"]
