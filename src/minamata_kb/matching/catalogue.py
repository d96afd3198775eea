"""The technology catalogue (Article 14(3)-(4)): alternative technologies maintained by the
secretariat and by the editors of the organisation that maintains each entry, in six
languages, audited; exported to CSV/JSON and imported back unchanged.

Raw values (an import row, an API body) are one dict: `slug`, `name_en` .. `name_ar`,
`description_*`, `replaces_*` (the English ones are the model's `name`, `description`,
`replaces`), `cost_notes`, `sector`, `maturity`, `topics` (slugs), `articles` (numbers),
`providers` (organisation slugs), `case_studies` (library resource ids), `countries` (ISO3),
`organisation` (the maintaining organisation's slug) and `published`. Lists are lists in JSON
and `;`-separated in CSV.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from minamata_kb.accounts.permissions import can_edit, is_secretariat, user_organisation
from minamata_kb.audit.models import ChangeRecord
from minamata_kb.audit.services import record_change
from minamata_kb.core import tabular
from minamata_kb.core.actors import Actor
from minamata_kb.core.identifiers import identifier_message, is_identifier
from minamata_kb.core.importing import (
    ImportRejected,
    ImportReport,
    RowError,
    decode_utf8,
    read_bytes,
    read_csv_rows,
)
from minamata_kb.core.languages import CONTENT_LANGUAGES
from minamata_kb.core.sanitize import plain_text
from minamata_kb.library.models import Resource
from minamata_kb.matching.models import Technology
from minamata_kb.registry.models import Country, Organisation
from minamata_kb.taxonomy.models import Article, Topic

TRANSLATED = ("name", "description", "replaces")
LISTS = ("topics", "articles", "providers", "case_studies", "countries")
COLUMNS = [
    "slug",
    *[f"{field}_{lang}" for field in TRANSLATED for lang in CONTENT_LANGUAGES],
    "cost_notes",
    "sector",
    "maturity",
    *LISTS,
    "organisation",
    "published",
]
LIMITS = {"name": 300, "replaces": 300, "description": 20000}


def _model_field(field: str, lang: str) -> str:
    return field if lang == "en" else f"{field}_{lang}"


def raw_technology(t: Technology) -> dict[str, Any]:
    """An entry as raw values (the export's row, lists as lists), for audit and partial edits."""
    row: dict[str, Any] = {"slug": t.slug}
    for field in TRANSLATED:
        for lang in CONTENT_LANGUAGES:
            row[f"{field}_{lang}"] = getattr(t, _model_field(field, lang))
    row["cost_notes"] = t.cost_notes
    row["sector"] = t.sector
    row["maturity"] = t.maturity
    row["topics"] = sorted(t.topics.values_list("slug", flat=True))
    row["articles"] = sorted(t.articles.values_list("number", flat=True))
    row["providers"] = sorted(t.providers.values_list("slug", flat=True))
    row["case_studies"] = list(t.case_studies or [])
    row["countries"] = sorted(t.countries.values_list("iso3", flat=True))
    row["organisation"] = t.organisation.slug if t.organisation else ""
    row["published"] = t.published
    return row


def shown(t: Technology, lang: str) -> dict[str, Any]:
    """What a page in `lang` shows of an entry: each translated field in `lang`, else in
    English, with the language it is in; `fallback` when any of them is in English instead."""
    out: dict[str, Any] = {"fallback": False}
    for field in TRANSLATED:
        text, used = t.text_in(field, lang)
        out[field], out[f"{field}_lang"] = text, used
        out["fallback"] |= bool(text) and used != lang
    return out


def _items(value: Any) -> list[str] | None:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(";") if v.strip()]
    if isinstance(value, list | tuple) and all(isinstance(v, str | int) for v in value):
        return [str(v).strip() for v in value if str(v).strip()]
    return None


def _bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes"):
        return True
    if text in ("0", "false", "no", ""):
        return False
    return None


def clean_technology(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], dict[str, str]]:
    """(field values, many-to-many values, errors by column) from raw values."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    m2m: dict[str, Any] = {}
    slug = str(data.get("slug") or "").strip().lower()
    if not is_identifier(slug, 80):
        errors["slug"] = identifier_message(slug, 80)
    values["slug"] = slug
    for field in TRANSLATED:
        for lang in CONTENT_LANGUAGES:
            key = f"{field}_{lang}"
            raw = data.get(key)
            if raw is not None and not isinstance(raw, str):
                errors[key] = _("must be text")
                continue
            text = plain_text(raw or "")
            if len(text) > LIMITS[field]:
                errors[key] = _("longer than %(n)d characters") % {"n": LIMITS[field]}
            values[_model_field(field, lang)] = text
    for key in ("name_en", "replaces_en"):
        if key not in errors and not values[_model_field(key[:-3], "en")]:
            errors[key] = _("required (in English)")
    values["cost_notes"] = plain_text(str(data.get("cost_notes") or ""))[:4000]
    for key, choices in (("sector", Technology.Sector), ("maturity", Technology.Maturity)):
        value = str(data.get(key) or "").strip()
        if value not in choices.values:
            errors[key] = _("one of %(v)s") % {"v": ", ".join(choices.values)}
        values[key] = value
    published = _bool(data.get("published", True))
    if published is None:
        errors["published"] = _("true or false")
    values["published"] = bool(published)
    lists = {key: _items(data.get(key)) for key in LISTS}
    for key, items in lists.items():
        if items is None:
            errors[key] = _("a list of identifiers")
    lookups = {
        "topics": (Topic, "slug"),
        "providers": (Organisation, "slug"),
        "countries": (Country, "iso3"),
    }
    for key, (model, attr) in lookups.items():
        wanted = [v.upper() if key == "countries" else v for v in lists[key] or []]
        found = list(model._default_manager.filter(**{f"{attr}__in": wanted}))
        missing = sorted(set(wanted) - {getattr(o, attr) for o in found})
        if missing:
            errors[key] = _("unknown: %(v)s") % {"v": ", ".join(missing)}
        m2m[key] = found
    numbers = []
    for v in lists["articles"] or []:
        if v.isascii() and v.isdigit() and len(v) <= 3:
            numbers.append(int(v))
        else:
            errors["articles"] = _("not an article number: %(v)s") % {"v": v}
    found_articles = list(Article.objects.filter(number__in=numbers))
    missing_articles = sorted(set(numbers) - {a.number for a in found_articles})
    if missing_articles:
        errors["articles"] = _("unknown: %(v)s") % {"v": ", ".join(map(str, missing_articles))}
    m2m["articles"] = found_articles
    cases = lists["case_studies"] or []
    known = set(
        Resource.objects.filter(external_id__in=cases).values_list("external_id", flat=True)
    )
    if set(cases) - known:
        errors["case_studies"] = _("unknown resource: %(v)s") % {
            "v": ", ".join(sorted(set(cases) - known))
        }
    values["case_studies"] = cases
    org_slug = str(data.get("organisation") or "").strip()
    values["organisation"] = None
    if org_slug:
        values["organisation"] = Organisation.objects.filter(slug=org_slug).first()
        if values["organisation"] is None:
            errors["organisation"] = _("unknown organisation %(v)s") % {"v": org_slug}
    return values, m2m, errors


def _check_permission(actor: Actor, existing: Technology | None, values: dict[str, Any]) -> None:
    if actor is None or is_secretariat(actor):
        return
    own = user_organisation(actor)
    if own is None:
        raise PermissionDenied(
            _("Only the secretariat and organisations' editors keep the catalogue.")
        )
    if existing is not None and not can_edit(actor, existing):
        raise PermissionDenied(_("This entry is maintained by another organisation."))
    if values.get("organisation") is None:
        values["organisation"] = own
    elif values["organisation"].pk != own.pk:
        raise PermissionDenied(_("You may maintain entries only for your own organisation."))


@transaction.atomic
def save_technology(actor: Actor, data: dict[str, Any]) -> tuple[Technology, str]:
    """Create or update the entry `data["slug"]` ('created', 'updated' or 'unchanged'); values
    not given keep their current value. Raises ValidationError with every problem."""
    slug = str(data.get("slug") or "").strip().lower()
    existing = Technology.objects.select_for_update().filter(slug=slug).first()
    if existing is not None:
        data = {**raw_technology(existing), **data}
    values, m2m, errors = clean_technology(data)
    if errors:
        raise ValidationError({k: [v] for k, v in errors.items()})
    _check_permission(actor, existing, values)
    before = raw_technology(existing) if existing is not None else None
    tech = existing or Technology(slug=values["slug"])
    for key, value in values.items():
        setattr(tech, key, value)
    tech.full_clean(validate_unique=False)
    tech.save()
    for key, objs in m2m.items():
        getattr(tech, key).set(objs)
    after = raw_technology(tech)
    if before is None:
        record_change(actor, ChangeRecord.Action.CREATE, tech, None, after)
        return tech, "created"
    if before == after:
        return tech, "unchanged"
    record_change(actor, ChangeRecord.Action.UPDATE, tech, before, after)
    return tech, "updated"


def export_rows() -> list[dict[str, Any]]:
    """Every entry as raw values, ordered by slug (stable)."""
    qs = Technology.objects.order_by("slug").select_related("organisation")
    return [raw_technology(t) for t in qs]


def export_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    w = tabular.writer(out)
    w.writerow(COLUMNS)
    for row in rows:
        w.writerow(
            [
                ";".join(str(v) for v in row[c])
                if c in LISTS
                else ("true" if row[c] else "false")
                if c == "published"
                else row[c]
                for c in COLUMNS
            ]
        )
    return out.getvalue()


def export_json(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"


def _read(path: Path) -> list[tuple[int, dict[str, Any]]]:
    if path.suffix.lower() == ".json":
        text = decode_utf8(read_bytes(path), path.name)
        try:
            data = json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise ImportRejected([RowError(0, "", f"invalid JSON: {exc}", path.name)]) from None
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise ImportRejected([RowError(0, "", "expected a JSON list of objects", path.name)])
        return [(i, r) for i, r in enumerate(data, 1)]
    return [(line, dict(row)) for line, row in read_csv_rows(path, ["slug", "name_en", "sector"])]


def import_technologies(path: Path, *, actor: Actor = None, dry_run: bool = False) -> ImportReport:
    """Upsert the catalogue from a CSV or JSON export; any bad row rejects the file whole."""
    rows = _read(path)
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        _values, _m2m, problems = clean_technology(row)
        for key, message in problems.items():
            errors.append(RowError(line, key, message, path.name))
        slug = str(row.get("slug") or "").strip().lower()
        if slug in seen:
            errors.append(RowError(line, "slug", f"repeats line {seen[slug]}", path.name))
        seen[slug] = line
    if errors:
        raise ImportRejected(errors)
    report = ImportReport(dry_run=dry_run)
    with transaction.atomic():
        for line, row in rows:
            try:
                tech, outcome = save_technology(actor, row)
            except (ValidationError, PermissionDenied) as exc:
                raise ImportRejected([RowError(line, "", str(exc), path.name)]) from None
            getattr(report, outcome).append(tech.slug)
        if dry_run:
            transaction.set_rollback(True)
    return report
