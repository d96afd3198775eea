"""The six UN languages: content codes (ISO 639-1) and the UI codes Django uses; detecting the
language of a text."""

from __future__ import annotations

import re
import threading
from functools import lru_cache

from django.utils import translation

CONTENT_LANGUAGES = ("en", "fr", "es", "ru", "zh", "ar")
UI_TO_CONTENT = {"en": "en", "fr": "fr", "es": "es", "ru": "ru", "zh-hans": "zh", "ar": "ar"}
CONTENT_TO_UI = {v: k for k, v in UI_TO_CONTENT.items()}
# The CLDR locale (Babel) each content language is written in, on pages and in the COP
# documents alike: UN English is British ("13 December 2019", no comma before "and");
# Chinese is Simplified.
CLDR_LOCALE = {"en": "en_GB", "fr": "fr", "es": "es", "ru": "ru", "zh": "zh_Hans_CN", "ar": "ar"}


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


_HAS_CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_detector = None
_detector_lock = threading.Lock()


def _get_detector():
    global _detector
    with _detector_lock:
        if _detector is None:
            from lingua import Language, LanguageDetectorBuilder

            langs = [
                Language.ENGLISH,
                Language.FRENCH,
                Language.SPANISH,
                Language.RUSSIAN,
                Language.CHINESE,
                Language.ARABIC,
                Language.PORTUGUESE,
                Language.GERMAN,
                Language.ITALIAN,
                Language.DUTCH,
                Language.SWEDISH,
                Language.UKRAINIAN,
                Language.JAPANESE,
                Language.THAI,
            ]
            _detector = LanguageDetectorBuilder.from_languages(*langs).build()
        return _detector


@lru_cache(maxsize=1024)
def detect_language(text: str, default: str = "en") -> str:
    """ISO 639-1 code of ``text``'s language (``default`` when too short or unknown)."""
    sample = (text or "")[:2000]
    if len(sample.strip()) < 3:
        return default
    if len(_HAS_CJK.findall(sample)) > len(sample) * 0.2:
        return "zh"
    lang = _get_detector().detect_language_of(sample)
    if lang is None:
        return default
    return lang.iso_code_639_1.name.lower()
