"""Error pages speak the visitor's language and keep the site's navigation."""

from __future__ import annotations

import pytest
from django.test import Client


@pytest.mark.django_db
@pytest.mark.parametrize("lang, words", [("en", "Page not found"), ("fr", "Page introuvable")])
def test_404_is_a_page_of_the_site_in_the_visitor_language(lang, words):
    response = Client(headers={"accept-language": lang}).get("/registry/parties/NOPE-NOPE/zzz/")
    assert response.status_code == 404
    body = response.content.decode()
    assert words in body and "<nav" in body and f'lang="{lang}' in body


@pytest.mark.django_db
def test_403_is_a_page_of_the_site_in_the_visitor_language(personas):
    client = personas.partner.client
    response = client.get("/assistance/new/", headers={"accept-language": "es"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "No permitido" in body and "<nav" in body


@pytest.mark.django_db
def test_arabic_404_is_right_to_left():
    response = Client(headers={"accept-language": "ar"}).get("/no-such-page/")
    assert response.status_code == 404 and 'dir="rtl"' in response.content.decode()
