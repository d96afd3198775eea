"""The demo's accounts come with the registry's demo (registry/demo_accounts.py), one per role."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from minamata_kb.core.extensions import app_modules

pytestmark = pytest.mark.django_db


def test_the_registry_demo_makes_one_account_per_role(ref_world: Any) -> None:
    from minamata_kb.registry.models import Organisation

    Organisation.objects.create(slug="unitar", name="UNITAR", kind="un")
    out = io.StringIO()
    (registry_demo,) = [m for m in app_modules("demo") if m.__name__.endswith("registry.demo")]
    registry_demo.load(out)
    names = set(get_user_model().objects.values_list("username", flat=True))
    # China (CHN) is a country of the test registry but not a party, and bcrc-china is absent
    assert {"admin", "officer", "fp-ghana", "fp-mexico", "editor-unitar"} <= names
    assert "fp-china" not in names and "editor-bcrc-china" not in names
    assert "demo accounts:" in out.getvalue()
    assert not [m for m in app_modules("demo") if m.__name__.endswith("accounts.demo")]
