"""A submission's parts as the form and the API give them: checked and cleaned
(`clean_parts`), read back into values (`article_numbers`, `texts_of`, `amount_of`), shown
as text (`render_parts`)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minamata_kb.core.sanitize import plain_text
from minamata_kb.registry.models import Country
from minamata_kb.taxonomy.models import Article, Channel, StatementRole, Topic

# What a part of the form may describe (the roles a submitter chooses from), with its label.
PART_ROLES = [
    ("support_provided", gettext_lazy("Support provided")),
    ("support_received", gettext_lazy("Support received")),
    ("need", gettext_lazy("Needs")),
    ("challenge", gettext_lazy("Challenges")),
    ("example_success", gettext_lazy("Examples of success")),
]
FORM_ROLES = tuple(role for role, _label in PART_ROLES)


def render_parts(parts: list[dict[str, Any]]) -> str:
    """The plain-text original of a web-form submission (what the COP annex reproduces)."""
    names = dict(StatementRole.objects.values_list("slug", "name_en"))
    out = []
    for i, part in enumerate(parts, 1):
        head = f"{i}. {names.get(part['role'], part['role'])}"
        out.append(head)
        out.append(part["text"])
        meta = []
        for key in ("articles", "topics", "countries"):
            if part.get(key):
                meta.append(f"{key}: {', '.join(str(v) for v in part[key])}")
        for key in ("channel", "amount", "currency", "period_start", "period_end"):
            if part.get(key):
                meta.append(f"{key}: {part[key]}")
        if meta:
            out.append("[" + "; ".join(meta) + "]")
        out.append("")
    return "\n".join(out).strip() + "\n"


def items_of(value: Any) -> list[Any] | None:
    """The items of a list field: nothing is an empty list; anything but a list is None."""
    if value is None or value == "":
        return []
    if isinstance(value, list | tuple):
        return list(value)
    return None


def article_numbers(value: Any) -> list[int] | None:
    """Article numbers (ints or digit strings); None when any item is not one."""
    items = items_of(value)
    if items is None:
        return None
    numbers = []
    for item in items:
        if isinstance(item, bool) or not isinstance(item, int | str):
            return None
        text = str(item).strip()
        if not text.isascii() or not text.isdigit() or len(text) > 4:
            return None
        numbers.append(int(text))
    return numbers


def texts_of(value: Any) -> list[str] | None:
    """Slugs or codes: a list of strings (numbers allowed); None for anything else."""
    items = items_of(value)
    if items is None or any(isinstance(i, list | dict | bool) or i is None for i in items):
        return None
    return [str(i) for i in items]


def amount_of(value: Any) -> Decimal:
    """A finite, non-negative amount that fits the amount columns; InvalidOperation if not."""
    if isinstance(value, bool | list | dict):
        raise InvalidOperation
    number = Decimal(str(value).strip())
    if not number.is_finite() or number < 0 or number >= Decimal(10) ** 14:
        raise InvalidOperation
    return number


def clean_parts(raw: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Validate web-form parts; raise ValidationError naming the part and field at fault."""
    parts: list[dict[str, Any]] = []
    errors: dict[str, list[str]] = {}
    known_articles = set(Article.objects.values_list("number", flat=True))
    known_topics = set(Topic.objects.values_list("slug", flat=True))
    known_channels = set(Channel.objects.values_list("slug", flat=True))
    known_countries = set(Country.objects.values_list("iso3", flat=True))
    for i, item in enumerate(raw, 1):
        where = f"part {i}"
        if not isinstance(item, dict):
            errors.setdefault(where, []).append(_("Each part must be an object."))
            continue
        text = plain_text(str(item.get("text") or ""))
        if not text:
            continue
        role = str(item.get("role") or "")
        if role not in FORM_ROLES:
            errors.setdefault(f"{where}.role", []).append(_("Choose what this part describes."))
        part: dict[str, Any] = {"role": role, "text": text}
        arts = article_numbers(item.get("articles"))
        if arts is None or set(arts) - known_articles:
            errors.setdefault(f"{where}.articles", []).append(_("Unknown article."))
            arts = []
        tops = texts_of(item.get("topics"))
        if tops is None or set(tops) - known_topics:
            errors.setdefault(f"{where}.topics", []).append(_("Unknown topic."))
            tops = []
        codes = texts_of(item.get("countries"))
        ctry = [c.upper() for c in codes or []]
        if codes is None or set(ctry) - known_countries:
            errors.setdefault(f"{where}.countries", []).append(_("Unknown country code."))
        channel = str(item.get("channel") or "")
        if channel and channel not in known_channels:
            errors.setdefault(f"{where}.channel", []).append(_("Unknown channel."))
        part.update(articles=sorted(arts), topics=tops, countries=ctry, channel=channel)
        amount = item.get("amount")
        if amount not in (None, ""):
            try:
                part["amount"] = str(amount_of(amount))
            except InvalidOperation:
                errors.setdefault(f"{where}.amount", []).append(_("Give a positive number."))
            currency = str(item.get("currency") or "").upper()
            if not re.fullmatch(r"[A-Z]{3}", currency):
                errors.setdefault(f"{where}.currency", []).append(
                    _("Give the three-letter currency code (e.g. USD).")
                )
            part["currency"] = currency
        for key in ("period_start", "period_end"):
            value = item.get(key)
            if value:
                try:
                    part[key] = dt.date.fromisoformat(str(value)).isoformat()
                except ValueError:
                    errors.setdefault(f"{where}.{key}", []).append(_("Give a date as YYYY-MM-DD."))
        if part.get("period_start") and part.get("period_end"):
            if part["period_end"] < part["period_start"]:
                errors.setdefault(f"{where}.period_end", []).append(
                    _("The period ends before it starts.")
                )
        parts.append(part)
    if errors:
        raise ValidationError(errors)
    if not parts:
        raise ValidationError(_("Write at least one part, or upload a file."))
    return parts
