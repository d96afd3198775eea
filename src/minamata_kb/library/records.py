"""Validate a resource record (an import line, an API body) into ResourceData.

One parser for the CLI import and the API, so both accept and refuse exactly the same input.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from minamata_kb.audit.upsert import set_m2m
from minamata_kb.core.identifiers import identifier_message, is_identifier
from minamata_kb.core.languages import detect_language
from minamata_kb.core.sanitize import plain_text
from minamata_kb.library.models import Resource
from minamata_kb.registry.iso import language_codes
from minamata_kb.registry.models import Country, Organisation
from minamata_kb.taxonomy.models import Article, ResourceType, Topic

if TYPE_CHECKING:
    from minamata_kb.registry.models import Organisation

# ISO 639-1 from pycountry (registry/iso.py), not a hand list.
ISO_639_1 = language_codes()

MAX_TEXT = 2_000_000
_URL = re.compile(r"^https?://[^\s<>\"]+$", re.I)
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
KNOWN_FIELDS = {
    "id", "title", "text", "language", "url", "type", "date", "org", "articles", "topics",
    "summary", "translation_of", "published", "audience", "licence", "regions", "countries",
    "org_or_party", "roles",
}  # fmt: skip


class RecordError(ValueError):
    """A field of the record is wrong; ``field`` names it."""

    def __init__(self, field: str, message: str):
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


@dataclass
class ResourceData:
    external_id: str
    title: str
    text: str = ""
    summary: str = ""
    language: str = "en"
    url: str = ""
    type: Any = None
    type_label: str = ""
    provider: Any = None
    provider_name: str = ""
    date: dt.date | None = None
    year: int | None = None
    audience: str = ""
    licence: str = ""
    regions: list[str] = field(default_factory=list)
    published: bool = True
    translation_group: str | None = None
    articles: list[Any] = field(default_factory=list)
    topics: list[Any] = field(default_factory=list)
    countries: list[Any] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def field_values(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "text": self.text,
            "summary": self.summary,
            "language": self.language,
            "url": self.url,
            "type": self.type,
            "type_label": self.type_label,
            "provider": self.provider,
            "provider_name": self.provider_name,
            "date": self.date,
            "year": self.year,
            "audience": self.audience,
            "licence": self.licence,
            "regions": self.regions,
            "published": self.published,
        }

    def apply_m2m(self, obj: Any) -> None:
        set_m2m(obj, "articles", self.articles)
        set_m2m(obj, "topics", self.topics)
        set_m2m(obj, "countries", self.countries)


def _str(rec: dict[str, Any], key: str, limit: int, *, clean: bool = True) -> str:
    value = rec.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RecordError(key, "must be a string")
    value = plain_text(value) if clean else value.replace("\x00", "").strip()
    if len(value) > limit:
        raise RecordError(key, f"is longer than {limit} characters")
    return value


def _list(rec: dict[str, Any], key: str) -> list[Any]:
    value = rec.get(key)
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [v.strip() for v in re.split(r"[;,]", value) if v.strip()]
    if not isinstance(value, list):
        raise RecordError(key, "must be a list")
    return value


def parse_date(value: Any) -> tuple[dt.date | None, int | None]:
    if value in (None, ""):
        return None, None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise RecordError("date", "must be YYYY, YYYY-MM or YYYY-MM-DD")
    m = _DATE.match(value.strip())
    if not m:
        raise RecordError("date", f"{value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(m.group(1))
    try:
        if m.group(3):
            return dt.date(year, int(m.group(2)), int(m.group(3))), year
        if m.group(2):
            return dt.date(year, int(m.group(2)), 1), year
        dt.date(year, 1, 1)
    except ValueError:
        raise RecordError("date", f"{value!r} is not a real date") from None
    return None, year


def find_organisation(name: str) -> Organisation | None:
    """The organisation named by slug, acronym or name (case-insensitive), else None."""
    if not name:
        return None
    return (
        Organisation.objects.filter(
            Q(slug__iexact=name) | Q(acronym__iexact=name) | Q(name__iexact=name)
        )
        .order_by("pk")
        .first()
    )


def parse_record(rec: Any) -> ResourceData:
    """Validate one record; RecordError on the first wrong field."""
    data = _identity(rec)
    data.language = _language(rec, data)
    url = _str(rec, "url", 1000, clean=False)
    if url and not _URL.match(url):
        raise RecordError("url", f"{url[:80]!r} is not an http(s) URL")
    data.url = url
    _type(rec, data)
    data.date, data.year = parse_date(rec.get("date"))
    org = _str(rec, "org", 300) or _str(rec, "org_or_party", 300)
    data.provider = find_organisation(org)
    data.provider_name = "" if data.provider else org
    _classification(rec, data)
    data.regions = [plain_text(str(r))[:100] for r in _list(rec, "regions")][:50]
    data.audience = _str(rec, "audience", 300)
    data.licence = _str(rec, "licence", 200)
    published = rec.get("published", True)
    if not isinstance(published, bool):
        raise RecordError("published", "must be true or false")
    data.published = published
    data.translation_group = _translation_group(rec.get("translation_of"))
    return data


def _identity(rec: Any) -> ResourceData:
    """The id, title, text and summary: what every record must have."""
    if not isinstance(rec, dict):
        raise RecordError("", "a line must be a JSON object")
    ext = rec.get("id")
    if isinstance(ext, int) and not isinstance(ext, bool):
        ext = str(ext)
    if not isinstance(ext, str) or not ext.strip():
        raise RecordError("id", "is required (a non-empty string)")
    ext = ext.strip()
    if not is_identifier(ext):
        raise RecordError("id", identifier_message(ext))
    text = _str(rec, "text", MAX_TEXT, clean=True)
    summary = _str(rec, "summary", 20_000)
    title = _str(rec, "title", 500)
    if not title:
        first = (summary or text).strip().split("\n", 1)[0]
        title = first[:200] or ext
    return ResourceData(external_id=ext, title=title, text=text, summary=summary)


def _language(rec: dict[str, Any], data: ResourceData) -> str:
    """The record's ISO 639-1 code, detected from its text when absent."""
    lang = rec.get("language")
    if lang in (None, ""):
        return detect_language(f"{data.title}\n{data.summary}\n{data.text[:2000]}")
    if not isinstance(lang, str):
        raise RecordError("language", "must be an ISO 639-1 code such as 'en'")
    code = lang.strip().lower().replace("_", "-")
    code = "zh" if code.startswith("zh") else code.split("-")[0]
    if code not in ISO_639_1:
        raise RecordError("language", f"unknown language code {lang!r} (use ISO 639-1, e.g. 'fr')")
    return code


def _type(rec: dict[str, Any], data: ResourceData) -> None:
    """The resource type; a type the profile lacks is kept as 'other' with a warning."""
    type_slug = _str(rec, "type", 60)
    if type_slug:
        rtype = ResourceType.objects.filter(slug=type_slug.lower()).first()
        if rtype is None:
            data.type = ResourceType.objects.filter(slug="other").first()
            data.type_label = type_slug.lower()
            data.warnings.append(f"type {type_slug!r} is not in the profile; stored as 'other'")
        else:
            data.type = rtype


def _classification(rec: dict[str, Any], data: ResourceData) -> None:
    """Articles, topics and countries: each must exist in the profile or the registry."""
    numbers = []
    for a in _list(rec, "articles"):
        try:
            if isinstance(a, bool) or not 0 < int(a) < 10_000:
                raise ValueError
            numbers.append(int(a))
        except (TypeError, ValueError, OverflowError):  # OverflowError: int(1e400)
            shown = repr(a) if len(repr(a)) <= 40 else repr(a)[:40] + "…"
            raise RecordError("articles", f"{shown} is not an article number") from None
    data.articles = _existing(
        "articles", Article, "number", numbers, "no article {} in the convention profile"
    )
    slugs = [str(t).strip().lower() for t in _list(rec, "topics")]
    data.topics = _existing("topics", Topic, "slug", slugs, "unknown topic {!r}")
    codes = [str(c).strip().upper() for c in _list(rec, "countries")]
    data.countries = _existing(
        "countries", Country, "iso3", codes, "unknown country code {!r} (use ISO3)"
    )


def _existing(field: str, model: Any, key: str, values: list[Any], message: str) -> list[Any]:
    """The rows of `model` whose `key` is one of `values`; a value with no row (the smallest,
    when several) is refused as `field` with `message` formatted with it."""
    rows = list(model.objects.filter(**{f"{key}__in": values}))
    unknown = sorted(set(values) - {getattr(r, key) for r in rows})
    if unknown:
        raise RecordError(field, message.format(unknown[0]))
    return rows


def _translation_group(tr: Any) -> str | None:
    """The translation group of the resource this one translates (None when it translates
    none)."""
    if tr in (None, ""):
        return None

    if not isinstance(tr, str):
        raise RecordError("translation_of", "must be the id of another resource")
    group = Resource.objects.filter(external_id=tr).values_list("translation_group", flat=True)
    if not group:
        raise RecordError("translation_of", f"no resource with id {tr!r} (import it first)")
    return group[0]
