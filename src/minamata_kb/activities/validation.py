"""Turn raw activity input (form, API, CSV/XLSX row) into clean values, or field errors.

One validator for every entry point, so a bad amount or an unknown country gets the same
message whether it came from the web form, the API or row 17 of a spreadsheet.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from minamata_kb.activities.currencies import is_currency
from minamata_kb.activities.models import Activity, Event, EventMaterial
from minamata_kb.core.identifiers import is_identifier
from minamata_kb.registry.iso import is_language
from minamata_kb.registry.models import Country, Organisation, Party
from minamata_kb.taxonomy.models import Article, Channel, Topic

MAX_AMOUNT = Decimal("99999999999999")
STATUSES = {s.value for s in Activity.Status}


class Lookups:
    """Reference rows by their public keys, loaded once per import or request."""

    def __init__(self) -> None:
        self.countries = {c.iso3: c for c in Country.objects.all()}
        self.parties = {p.code: p for p in Party.objects.all()}
        self.orgs = {o.slug: o for o in Organisation.objects.all()}
        self.channels = {c.slug: c for c in Channel.objects.all()}
        self.topics = {t.slug: t for t in Topic.objects.all()}
        self.articles = {a.number: a for a in Article.objects.all()}


@dataclass
class CleanActivity:
    """Validated values ready for `services.save_activity`."""

    code: str
    values: dict[str, Any]
    m2m: dict[str, list[Any]]
    outputs: list[dict[str, str]] | None = None
    results: list[dict[str, Any]] | None = None
    errors: dict[str, str] = field(default_factory=dict)


def split_list(value: Any) -> list[str]:
    """A list as given, or a ';'/','-separated string, stripped and without blanks."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if str(v).strip()]
    return [p.strip() for p in re.split(r"[;,]", str(value)) if p.strip()]


def parse_amount(value: Any) -> Decimal | None:
    """A non-negative decimal; blank is None; raises ValueError with a clear message."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(_("not a number: %(value)r") % {"value": value})
    try:
        amount = Decimal(str(value).strip().replace(" ", ""))
    except InvalidOperation:
        raise ValueError(_("not a number: %(value)r") % {"value": value}) from None
    if not amount.is_finite():
        raise ValueError(_("not a number: %(value)r") % {"value": value})
    if amount < 0:
        raise ValueError(_("must not be negative: %(value)s") % {"value": value})
    if amount > MAX_AMOUNT:
        raise ValueError(_("too large: %(value)s") % {"value": value})
    return amount.quantize(Decimal("0.01"))


def parse_day(value: Any) -> dt.date | None:
    """A date (YYYY-MM-DD, or a date/datetime from a spreadsheet); blank is None."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(_("not a date (YYYY-MM-DD): %(value)r") % {"value": value}) from None


def parse_bool(value: Any, default: bool = True) -> bool:
    """yes/no, true/false, 1/0; blank is the default."""
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"1", "yes", "true", "y"}:
        return True
    if text in {"0", "no", "false", "n"}:
        return False
    raise ValueError(_("not yes or no: %(value)r") % {"value": value})


def clean_activity(data: dict[str, Any], lookups: Lookups | None = None) -> CleanActivity:
    """Validate one activity's raw input; every problem is reported, keyed by field."""
    lk = lookups or Lookups()
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    m2m: dict[str, list[Any]] = {}

    code = str(data.get("code") or "").strip().lower()
    if not is_identifier(code, 80):  # lower-cased above: the alphabet's lower half
        errors["code"] = _(
            "an identifier of lower-case letters, digits, '-' or '_' is required (got %(value)r)"
        ) % {"value": code}
    title = str(data.get("title") or "").strip()
    if not title:
        errors["title"] = _("a title is required")
    values["title"] = title[:500]
    values["description"] = str(data.get("description") or "").strip()
    values["language"] = str(data.get("language") or "en").strip().lower()[:8] or "en"

    party_code = str(data.get("provider_party") or "").strip().upper()
    org_slug = str(data.get("provider_organisation") or "").strip()
    values["provider_party"] = None
    values["provider_organisation"] = None
    if party_code and org_slug:
        errors["provider_party"] = _("give a provider party or a provider organisation, not both")
    elif party_code:
        if party_code not in lk.parties:
            errors["provider_party"] = _("unknown party %(value)r") % {"value": party_code}
        values["provider_party"] = lk.parties.get(party_code)
    elif org_slug:
        if org_slug not in lk.orgs:
            errors["provider_organisation"] = _("unknown organisation %(value)r") % {
                "value": org_slug
            }
        values["provider_organisation"] = lk.orgs.get(org_slug)
    else:
        errors["provider_organisation"] = _("a provider (party or organisation) is required")

    for key in ("channel", "funding_source"):
        slug = str(data.get(key) or "").strip()
        if slug and slug not in lk.channels:
            errors[key] = _("unknown channel %(value)r; one of %(choices)s") % {
                "value": slug,
                "choices": ", ".join(sorted(lk.channels)),
            }
        values[key] = lk.channels.get(slug) if slug else None

    try:
        values["amount"] = parse_amount(data.get("amount"))
    except ValueError as exc:
        errors["amount"] = str(exc)
    currency = str(data.get("currency") or "").strip().upper()
    if currency and not is_currency(currency):
        errors["currency"] = _("unknown currency %(value)r (ISO 4217 code expected)") % {
            "value": currency
        }
    elif values.get("amount") is not None and not currency:
        errors["currency"] = _("an amount needs its currency (ISO 4217 code)")
    values["currency"] = currency

    try:
        values["start_date"] = parse_day(data.get("start_date"))
    except ValueError as exc:
        errors["start_date"] = str(exc)
    try:
        values["end_date"] = parse_day(data.get("end_date"))
    except ValueError as exc:
        errors["end_date"] = str(exc)
    start, end = values.get("start_date"), values.get("end_date")
    if start and end and end < start:
        errors["end_date"] = _("the end (%(end)s) is before the start (%(start)s)") % {
            "end": end,
            "start": start,
        }

    status = str(data.get("status") or "planned").strip().lower()
    if status not in STATUSES:
        errors["status"] = _("unknown status %(value)r; one of %(choices)s") % {
            "value": status,
            "choices": ", ".join(sorted(STATUSES)),
        }
    values["status"] = status
    try:
        values["published"] = parse_bool(data.get("published"), True)
    except ValueError as exc:
        errors["published"] = str(exc)
    values["source"] = str(data.get("source") or "").strip()
    values["note"] = str(data.get("note") or "").strip()

    def resolve(key: str, table: dict[Any, Any], label: str, norm: Any) -> None:
        found, unknown = [], []
        for raw in split_list(data.get(key)):
            try:
                k = norm(raw)
            except ValueError:
                unknown.append(raw)
                continue
            if k in table:
                found.append(table[k])
            else:
                unknown.append(raw)
        if unknown:
            errors[key] = _("unknown %(what)s: %(values)s") % {
                "what": label,
                "values": ", ".join(unknown),
            }
        m2m[key] = found

    resolve("beneficiary_countries", lk.countries, _("country"), lambda s: s.upper())
    resolve("executing_partners", lk.orgs, _("organisation"), lambda s: s)
    resolve("topics", lk.topics, _("topic"), lambda s: s.lower())
    resolve("articles", lk.articles, _("article"), lambda s: int(str(s).strip()))

    outputs = None
    if data.get("outputs") is not None:
        outputs = []
        for item in (
            data["outputs"] if isinstance(data["outputs"], list) else split_list(data["outputs"])
        ):
            if isinstance(item, dict):
                ref = str(item.get("resource_ref") or "").strip()
                url = str(item.get("url") or "").strip()
                out_title = str(item.get("title") or "").strip()
            else:
                ref, url, out_title = str(item).strip(), "", ""
            if url and not url.startswith(("http://", "https://")):
                errors["outputs"] = _("an output URL must start with http:// or https://")
            if ref or url or out_title:
                outputs.append({"resource_ref": ref[:200], "url": url, "title": out_title})

    results = None
    if data.get("results") is not None:
        results = []
        for i, item in enumerate(data["results"] or []):
            indicator = str(item.get("indicator") or "").strip()
            if not indicator:
                errors[f"results.{i}.indicator"] = _("an indicator is required")
            row: dict[str, Any] = {
                "indicator": indicator[:300],
                "unit": str(item.get("unit") or "")[:60],
            }
            for key in ("baseline", "target", "actual"):
                try:
                    row[key] = parse_amount(item.get(key))
                except ValueError as exc:
                    errors[f"results.{i}.{key}"] = str(exc)
            results.append(row)

    return CleanActivity(code, values, m2m, outputs, results, errors)


EVENT_KINDS = {k.value for k in Event.Kind}


@dataclass
class CleanEvent:
    """Validated event values ready for `services.save_event`."""

    code: str
    values: dict[str, Any]
    m2m: dict[str, list[Any]]
    materials: list[dict[str, str]] | None = None
    errors: dict[str, str] = field(default_factory=dict)


def clean_event(data: dict[str, Any], lookups: Lookups | None = None) -> CleanEvent:
    """Validate one event's raw input; every problem is reported, keyed by field."""
    lk = lookups or Lookups()
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    m2m: dict[str, list[Any]] = {}
    code = str(data.get("code") or "").strip().lower()
    if not is_identifier(code, 80):  # lower-cased above: the alphabet's lower half
        errors["code"] = _(
            "an identifier of lower-case letters, digits, '-' or '_' is required (got %(value)r)"
        ) % {"value": code}
    values["title"] = str(data.get("title") or "").strip()[:500]
    if not values["title"]:
        errors["title"] = _("a title is required")
    kind = str(data.get("kind") or "").strip()
    if kind not in EVENT_KINDS:
        errors["kind"] = _("unknown kind %(value)r; one of %(choices)s") % {
            "value": kind,
            "choices": ", ".join(sorted(EVENT_KINDS)),
        }
    values["kind"] = kind
    values["series"] = str(data.get("series") or "").strip()[:120]
    act_code = str(data.get("activity") or "").strip()
    values["activity"] = None
    if act_code:
        values["activity"] = Activity.objects.filter(code=act_code).first()
        if values["activity"] is None:
            errors["activity"] = _("unknown activity %(value)r") % {"value": act_code}
    for key in ("start_date", "end_date"):
        try:
            values[key] = parse_day(data.get(key))
        except ValueError as exc:
            errors[key] = str(exc)
    start, end = values.get("start_date"), values.get("end_date")
    if start and end and end < start:
        errors["end_date"] = _("the end (%(end)s) is before the start (%(start)s)") % {
            "end": end,
            "start": start,
        }
    values["date_text"] = str(data.get("date_text") or "").strip()[:120]
    try:
        values["online"] = parse_bool(data.get("online"), False)
        values["published"] = parse_bool(data.get("published"), True)
    except ValueError as exc:
        errors["online"] = str(exc)
    values["place"] = str(data.get("place") or "").strip()[:200]
    iso = str(data.get("country") or "").strip().upper()
    values["country"] = lk.countries.get(iso) if iso else None
    if iso and values["country"] is None:
        errors["country"] = _("unknown country %(value)r") % {"value": iso}
    langs = [x.lower() for x in split_list(data.get("languages"))]
    bad = [x for x in langs if not is_language(x)]
    if bad:
        errors["languages"] = _("not language codes (ISO 639-1): %(values)s") % {
            "values": ", ".join(bad)
        }
    values["languages"] = ";".join(langs)[:60]
    slug = str(data.get("organiser") or "").strip()
    values["organiser"] = lk.orgs.get(slug) if slug else None
    if slug and values["organiser"] is None:
        errors["organiser"] = _("unknown organisation %(value)r") % {"value": slug}
    raw_n = data.get("participants_reported")
    values["participants_reported"] = None
    if raw_n not in (None, ""):
        try:
            n = int(str(raw_n).strip())
            if n < 0:
                raise ValueError
            values["participants_reported"] = n
        except ValueError:
            errors["participants_reported"] = _("not a whole number of people: %(value)r") % {
                "value": raw_n
            }
    values["source"] = str(data.get("source") or "").strip()
    values["note"] = str(data.get("note") or "").strip()
    found: list[Any] = []
    unknown: list[Any] = []
    for s in split_list(data.get("co_organisers")):
        (found if s in lk.orgs else unknown).append(lk.orgs.get(s, s))
    if unknown:
        errors["co_organisers"] = _("unknown %(what)s: %(values)s") % {
            "what": _("organisation"),
            "values": ", ".join(map(str, unknown)),
        }
    m2m["co_organisers"] = found
    topics = [t.lower() for t in split_list(data.get("topics"))]
    unknown_topics = [t for t in topics if t not in lk.topics]
    if unknown_topics:
        errors["topics"] = _("unknown %(what)s: %(values)s") % {
            "what": _("topic"),
            "values": ", ".join(unknown_topics),
        }
    m2m["topics"] = [lk.topics[t] for t in topics if t in lk.topics]
    materials = None
    if data.get("materials") is not None:
        materials = []
        kinds = {k.value for k in EventMaterial.Kind}
        for item in data["materials"] or []:
            mk = str(item.get("kind") or "other")
            if mk not in kinds:
                errors["materials"] = _("unknown kind %(value)r; one of %(choices)s") % {
                    "value": mk,
                    "choices": ", ".join(sorted(kinds)),
                }
            url = str(item.get("url") or "").strip()
            if url and not url.startswith(("http://", "https://")):
                errors["materials"] = _("an output URL must start with http:// or https://")
            materials.append(
                {
                    "kind": mk,
                    "resource_ref": str(item.get("resource_ref") or "").strip()[:200],
                    "title": str(item.get("title") or "").strip()[:500],
                    "url": url,
                }
            )
    return CleanEvent(code, values, m2m, materials, errors)
