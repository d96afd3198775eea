"""Plain-language reasons for a match or a duplicate pair.

Reasons are stored as data (``{"code": ..., params}``) and rendered in the reader's language
when shown, so one stored match reads naturally in all six UI languages.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from minamata_kb.core.labels import listed, region_name
from minamata_kb.core.languages import current_content_language, localized
from minamata_kb.registry.models import Country
from minamata_kb.taxonomy.models import Topic


def _topic_names(slugs: list[str]) -> str:
    names = {t.slug: localized(t, "name") for t in Topic.objects.filter(slug__in=slugs)}
    return listed([names.get(s, s) for s in slugs])


def _country_names(codes: list[str]) -> str:
    """ISO3 codes as the countries' names in the reader's language (a code stays if unknown)."""
    names = {c.iso3: c.name for c in Country.objects.filter(iso3__in=codes)}
    return listed([names.get(c, c) for c in codes])


def _technology(reason: dict[str, Any]) -> Any:
    """The catalogue's technology a reason names (None for reasons stored before the slug)."""
    # By the model's label: the models render their reasons with this module (Match.why).
    technology = apps.get_model("matching", "Technology")
    return technology.objects.filter(slug=reason.get("slug") or "").first()


def _technology_text(tech: Any, reason: dict[str, Any], field: str, stored: str) -> str:
    """A technology's name or the use it replaces in the reader's language when the catalogue
    has it (reasons stored before the slug was kept read as stored)."""
    if tech is None:
        return str(reason.get(stored, ""))
    return tech.text_in(field, current_content_language())[0] or str(reason.get(stored, ""))


def _language_name(code: str) -> str:
    from django.utils.translation import get_language_info

    ui = {"zh": "zh-hans"}.get(code, code)
    try:
        return str(get_language_info(ui)["name_translated"])
    except KeyError:
        return code


def render_one(reason: dict[str, Any]) -> str:
    """One reason as a sentence fragment in the active language."""
    code = reason.get("code", "")
    if code == "shared_topic":
        topics = list(reason.get("topics", []))
        return _("shared topic: %(topics)s") % {"topics": _topic_names(topics)}
    if code == "shared_article":
        arts = ", ".join(str(a) for a in reason.get("articles", []))
        return _("covers Article %(articles)s") % {"articles": arts}
    if code == "same_language":
        return _("available in your language (%(language)s)") % {
            "language": _language_name(str(reason.get("language", "")))
        }
    if code == "translation":
        return _("also available in %(language)s") % {
            "language": _language_name(str(reason.get("language", "")))
        }
    if code == "offered":
        return _("the organisation offered its help")
    if code == "similar_text":
        terms = [str(t) for t in reason.get("terms", []) if t]
        if terms:
            return _("close in meaning to the need (%(terms)s)") % {"terms": listed(terms)}
        return _("close in meaning to the need")
    if code == "provides_technology":
        tech = _technology(reason)
        return _("provides %(technology)s, which replaces %(use)s") % {
            "technology": _technology_text(tech, reason, "name", "technology"),
            "use": _technology_text(tech, reason, "replaces", "use"),
        }
    if code == "serves_country":  # named in the reader's language, not the matcher's
        country = _country_names([reason["iso3"]]) if reason.get("iso3") else ""
        return _("regional centre serving %(country)s") % {
            "country": country or reason.get("country", "")
        }
    if code == "serves_region":
        return _("serves your region (%(region)s)") % {
            "region": region_name(str(reason.get("region", "")))
        }
    if code == "ldc_sids":
        return _("works with least developed countries and small island States")
    if code == "delivered_activities":
        n = int(reason.get("count", 0))
        text = ngettext(
            "delivered %(n)d similar activity", "delivered %(n)d similar activities", n
        ) % {"n": n}
        topics = list(reason.get("topics", []))
        if topics:
            text = _("%(text)s on %(topics)s") % {"text": text, "topics": _topic_names(topics)}
        return text
    if code == "provided_resources":
        n = int(reason.get("count", 0))
        text = ngettext(
            "published %(n)d of the matched resources",
            "published %(n)d of the matched resources",
            n,
        ) % {"n": n}
        return text
    if code == "used_in_activities":
        n = int(reason.get("count", 0))
        return ngettext(
            "an output of %(n)d completed activity", "an output of %(n)d completed activities", n
        ) % {"n": n}
    if code == "results":
        n = int(reason.get("count", 0))
        return ngettext("%(n)d result reported", "%(n)d results reported", n) % {"n": n}
    if code == "accepted_before":
        n = int(reason.get("count", 0))
        return ngettext(
            "accepted for %(n)d similar need", "accepted for %(n)d similar needs", n
        ) % {"n": n}
    if code == "replaces":
        use = _technology_text(_technology(reason), reason, "replaces", "use")
        return _("replaces %(use)s") % {"use": use}
    if code == "case_studies":
        n = int(reason.get("count", 0))
        return ngettext("%(n)d case study", "%(n)d case studies", n) % {"n": n}
    if code == "same_country":
        return _("same beneficiary country: %(countries)s") % {
            "countries": ", ".join(reason.get("countries", []))
        }
    if code == "overlapping_period":
        return _("overlapping period (%(start)s to %(end)s)") % {
            "start": reason.get("start", "?"),
            "end": reason.get("end", "?"),
        }
    if code == "different_provider":
        return _("different providers: %(a)s and %(b)s") % {
            "a": reason.get("a", ""),
            "b": reason.get("b", ""),
        }
    if code == "similar_description":
        return _("similar description (%(percent)d%%)") % {
            "percent": round(100 * float(reason.get("similarity", 0)))
        }
    return str(reason.get("text", code))


# Between two reasons: the semicolon of the page's script (Chinese full-width, Arabic reversed).
_SEMICOLON = {"zh": "；", "ar": "؛ "}


def render(reasons: list[dict[str, Any]] | None) -> str:
    """All reasons as one sentence, first letter capitalised."""
    parts = [render_one(r) for r in reasons or []]
    text = _SEMICOLON.get(current_content_language(), "; ").join(p for p in parts if p)
    return text[:1].upper() + text[1:] if text else ""
