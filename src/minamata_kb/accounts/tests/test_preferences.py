"""A user's preferred mail language (issue 18 item 4): set on the preferences page, used by the
reminders; only one's own (or by the secretariat)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minamata_kb.accounts.models import Role
from minamata_kb.accounts.services import set_preferred_language
from minamata_kb.audit.models import ChangeRecord

pytestmark = pytest.mark.django_db


def test_preferences_page_per_persona(personas):
    assert personas.anon.client.get("/accounts/preferences/").status_code == 302
    for p in (personas.officer, personas.fp_a, personas.fp_b, personas.partner):
        assert p.client.get("/accounts/preferences/").status_code == 200, p.name
    r = personas.fp_a.client.post("/accounts/preferences/", {"language": "fr"})
    assert r.status_code == 302
    assert Role.objects.get(user=personas.fp_a.user).language == "fr"
    assert ChangeRecord.objects.filter(entity="accounts.role", after={"language": "fr"}).exists()
    r = personas.fp_a.client.post("/accounts/preferences/", {"language": "klingon"})
    assert r.status_code == 422 and Role.objects.get(user=personas.fp_a.user).language == "fr"
    r = personas.fp_a.client.post("/accounts/preferences/", {"language": ""})
    assert Role.objects.get(user=personas.fp_a.user).language == ""
    assert "/accounts/preferences/" in personas.fp_b.client.get("/").content.decode()


def test_only_ones_own_or_the_secretariat(personas):
    with pytest.raises(PermissionDenied):
        set_preferred_language(personas.fp_b.user, personas.fp_a.user, "es")
    with pytest.raises(PermissionDenied):
        set_preferred_language(None, personas.fp_a.user, "es")
    set_preferred_language(personas.officer.user, personas.fp_a.user, "ar")
    assert Role.objects.get(user=personas.fp_a.user).language == "ar"
    with pytest.raises(ValidationError):
        set_preferred_language(personas.fp_a.user, personas.fp_a.user, "de")
