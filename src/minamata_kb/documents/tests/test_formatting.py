"""Locale formatting of the editions: CLDR dates/lists/numbers, gettext plurals, UCA order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from babel.dates import format_date as babel_date

from minamata_kb.core.tests.catalogues import TRANSLATED, untranslated
from minamata_kb.documents import texts
from minamata_kb.publishing import formatting
from minamata_kb.publishing.formatting import format_date, format_list, sort_names


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "13 December 2019"),
        ("fr", "13 décembre 2019"),
        ("es", "13 de diciembre de 2019"),
        ("ru", "13 декабря 2019\u202fг."),
        ("zh", "2019年12月13日"),
    ],
)
def test_un_long_dates(lang, expected):
    assert format_date("2019-12-13", lang) == expected


def test_arabic_months_are_the_right_months():
    # The old hand table split Arabic month names on spaces: December came out as October.
    for month in range(1, 13):
        d = dt.date(2021, month, 13)
        assert format_date(d, "ar") == babel_date(d, "long", locale="ar")
    assert "ديسمبر" in format_date("2019-12-13", "ar")
    assert "يونيو" in format_date("2021-06-30", "ar")
    assert "أكتوبر" not in format_date("2019-12-13", "ar")


def test_dates_accept_datetimes_and_refuse_garbage():
    assert format_date(dt.datetime(2021, 7, 26, 9, 0), "en") == "26 July 2021"
    assert format_date("2021-07-26T09:00:00+00:00", "en") == "26 July 2021"
    assert format_date(None, "en") == ""
    with pytest.raises(ValueError, match="not an ISO date"):
        format_date("26/07/2021", "en")
    with pytest.raises(formatting.UnknownLanguage, match="expected one of"):
        format_date("2021-07-26", "de")


def test_lists_and_numbers():
    assert format_list(["A", "B", "C"], "en") == "A, B and C"
    assert format_list(["A", "B"], "fr") == "A et B"
    assert format_list(["甲", "乙", "丙"], "zh") == "甲、乙和丙"
    assert format_list([], "ru") == ""
    assert formatting.format_number(12345, "en") == "12,345"
    assert formatting.format_number(12345, "fr") == "12\u202f345"


def test_plural_rules_come_from_the_catalogues():
    assert texts.submissions_from_parties("en", 1, 1) == "1 submission from 1 party"
    assert texts.submissions_from_parties("en", 14, 13) == "14 submissions from 13 parties"
    assert texts.submissions_from_parties("fr", 1, 1) == "1 communication émanant de 1 Partie"
    assert texts.submissions_from_parties("ru", 14, 13) == "14 представлений от 13 Сторон"
    assert texts.submissions_from_parties("ru", 22, 21) == "22 представления от 21 Стороны"
    assert texts.submissions_from_parties("ar", 14, 13) == "14 ورقة مقدمة من 13 طرفاً"
    assert texts.submissions_from_parties("ar", 5, 2) == "5 ورقات مقدمة من طرفين"
    assert texts.submissions_from_parties("zh", 14, 13) == "13个缔约方的14份提交材料"


def test_english_alphabetical_order_is_a_real_collation():
    names = ["Czechia", "Tuvalu", "Croatia", "Türkiye", "Côte d'Ivoire", "Cuba", "Turkmenistan"]
    assert sort_names(names) == [
        "Côte d'Ivoire", "Croatia", "Cuba", "Czechia", "Türkiye", "Turkmenistan", "Tuvalu",
    ]  # fmt: skip
    # a plain code-point sort gets both wrong
    assert sorted(names).index("Côte d'Ivoire") > sorted(names).index("Czechia")


def test_every_fixed_phrase_is_translated_in_the_catalogue():
    """Each phrase has a (non-fuzzy) translation in every language's documents catalogue; some
    stay as in English on purpose (the UN header of the ru/zh/ar editions, 'SHA-256')."""
    base = Path(texts.__file__).parent / "locale"
    for folder in TRANSLATED:
        assert untranslated(base, folder, texts.PHRASES.values()) == [], folder
    assert texts.t("fr", "note_by") == "Note du secrétariat"
