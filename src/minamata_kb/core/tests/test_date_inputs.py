"""Dates entered per locale: every date field is an <input type="date"> (the browser shows it in
the reader's locale) whose value is ISO 8601 whatever the page language. A localized value
(09/03/2026 on a French page) is not a valid value of a date input: the browser would show the
field empty and saving the form would erase the date."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django import forms
from django.utils import translation

from minamata_kb.activities.forms import ActivityForm, EventForm
from minamata_kb.assistance.forms import TransitionForm
from minamata_kb.submissions.forms import CallForm, ReviewForm

DAY = dt.date(2026, 3, 9)


def _date_fields(form: forms.BaseForm) -> list[str]:
    return [
        n
        for n, f in form.fields.items()
        if isinstance(f, forms.DateField) or isinstance(f.widget, forms.DateInput)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["fr", "ar", "ru", "zh-hans", "es", "en"])
@pytest.mark.parametrize(
    "make",
    [
        lambda initial: ActivityForm(initial=initial, page=True),
        lambda initial: EventForm(initial=initial, page=True),
        lambda initial: CallForm(initial=initial),
        lambda initial: ReviewForm(initial=initial),
        lambda initial: TransitionForm(choices=[("assigned", "Assigned")], initial=initial),
    ],
)
def test_date_inputs_carry_iso_values_in_every_language(ref_world, lang, make):
    with translation.override(lang):
        form = make({})
        names = _date_fields(form)
        assert names, type(form).__name__
        form = make(dict.fromkeys(names, DAY))
        for name in names:
            html = str(form[name])
            assert 'type="date"' in html, html
            assert re.search(r'value="2026-03-09"', html), (lang, name, html)
