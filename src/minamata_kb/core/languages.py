"""The six UN languages: content codes (ISO 639-1) and the UI codes Django uses."""

from __future__ import annotations

from django.utils import translation

CONTENT_LANGUAGES = ("en", "fr", "es", "ru", "zh", "ar")
UI_TO_CONTENT = {"en": "en", "fr": "fr", "es": "es", "ru": "ru", "zh-hans": "zh", "ar": "ar"}
CONTENT_TO_UI = {v: k for k, v in UI_TO_CONTENT.items()}


def current_content_language() -> str:
    """The content language matching the active UI language (English when unknown)."""
    ui = (translation.get_language() or "en").lower()
    if ui in UI_TO_CONTENT:
        return UI_TO_CONTENT[ui]
    return UI_TO_CONTENT.get(ui.split("-")[0], "en")


def localized(obj: object, field: str, lang: str | None = None) -> str:
    """Return `obj.<field>_<lang>`, falling back to English, then to `obj.<field>`."""
    lang = lang or current_content_language()
    for candidate in (f"{field}_{lang}", f"{field}_en", field):
        value = getattr(obj, candidate, None)
        if value:
            return str(value)
    return ""
