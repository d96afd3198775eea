"""Every form field renders through one template (templates/core/field.html): a field's
aria-describedby names elements that are on the page (its help text, its errors), on each kind
of form page, before and after a refused post."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

PAGES = [
    ("library:resource_new", "officer"),
    ("matching:need_new", "officer"),
    ("submissions:call_create", "officer"),
    ("accounts:preferences", "fp_a"),
    ("accounts:tokens", "officer"),
]


def described(html: str) -> list[tuple[str, str]]:
    """(element, id) for every id an aria-describedby names."""
    return [
        (tag, ref)
        for tag, refs in re.findall(r"<(\w+)[^>]*aria-describedby=\"([^\"]+)\"", html)
        for ref in refs.split()
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "who"), PAGES)
def test_help_texts_and_errors_are_where_aria_describedby_points(
    personas: Any, name: str, who: str
) -> None:
    client = getattr(personas, who).client
    url = reverse(name)
    for response in (client.get(url), client.post(url, {"name": "", "text": "", "title": ""})):
        if response.status_code == 302:  # the form had nothing to refuse: saved
            continue
        html = response.content.decode()
        assert response.status_code in (200, 400), (name, response.status_code)
        ids = set(re.findall(r"\bid=\"([^\"]+)\"", html))
        for tag, ref in described(html):
            assert ref in ids, (name, tag, ref)
        assert '-help"' not in html  # the old copies' ids, which nothing pointed at


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["library:resource_new", "matching:need_new"])
def test_help_text_is_announced_with_its_field(personas: Any, name: str) -> None:
    html = personas.officer.client.get(reverse(name)).content.decode()
    assert ("textarea", "id_text_helptext") in described(html) or (
        "input",
        "id_id_helptext",
    ) in described(html)
    assert 'class="helptext" id="id_' in html


@pytest.mark.django_db
def test_a_refused_field_says_why_next_to_it(personas: Any) -> None:
    html = personas.officer.client.post(reverse("library:resource_new"), {"title": ""}).content
    page = html.decode()
    field = re.search(r"<input[^>]*name=\"title\"[^>]*>", page)
    assert field and 'aria-invalid="true"' in field.group(0)
    assert 'aria-describedby="id_title_error"' in field.group(0)
    assert '<div id="id_title_error" role="alert"><ul class="errorlist"><li>' in page
