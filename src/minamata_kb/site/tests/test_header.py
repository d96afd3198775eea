"""The header names the signed-in user and the party or organisation they act for; in Arabic
the Latin names are isolated (<bdi>) so their brackets stay where a reader expects."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["partner", "fp_a"])
def test_the_header_isolates_the_names_it_shows(personas: Any, who: str) -> None:
    persona = getattr(personas, who)
    html = persona.client.get("/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    header = html.split('<span class="who">', 1)[1].split("</span>", 1)[0]
    role = persona.user.role
    owner = role.organisation or role.party
    assert f"<bdi>{persona.user.username}</bdi>" in header
    assert f"(<bdi>{owner.name}</bdi>)" in header
