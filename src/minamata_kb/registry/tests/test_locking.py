"""No lost updates: the second of two saves from the same version is refused."""

import threading

import pytest
from django.db import connection

from minamata_kb.audit.models import ChangeRecord
from minamata_kb.core.locking import StaleEdit
from minamata_kb.registry.models import Organisation
from minamata_kb.registry.services import update_organisation


@pytest.mark.django_db
def test_second_save_from_a_stale_version_is_refused(personas):
    org = personas.world.org
    update_organisation(personas.officer.user, org, 1, {"city": "Beijing"})
    stale = Organisation.objects.get(pk=org.pk)
    stale.version = 1
    with pytest.raises(StaleEdit, match="changed by someone else"):
        update_organisation(personas.partner.user, stale, 1, {"city": "Shanghai"})
    org.refresh_from_db()
    assert org.city == "Beijing" and org.version == 2
    assert (
        ChangeRecord.objects.filter(entity="registry.organisation", object_id=str(org.pk)).count()
        == 1
    )


@pytest.mark.django_db
def test_api_patch_enforces_owner_and_version(personas):
    url = "/api/v1/organisations/bcrc-test"
    body = {"version": 1, "city": "Beijing <script>alert(1)</script>"}
    for persona in (personas.anon, personas.fp_a, personas.fp_b):
        r = persona.client.patch(url, body, content_type="application/json")
        assert r.status_code in (401, 403), persona.name
        assert r.json()["error"]["code"] in ("forbidden", "unauthenticated")
    r = personas.partner.client.patch(
        "/api/v1/organisations/other-ngo", body, content_type="application/json"
    )
    assert r.status_code == 403
    r = personas.partner.client.patch(url, body, content_type="application/json")
    assert r.status_code == 200 and r.json()["version"] == 2
    assert Organisation.objects.get(slug="bcrc-test").city == "Beijing"  # markup stripped
    r = personas.officer.client.patch(
        url, {"version": 1, "city": "Xi'an"}, content_type="application/json"
    )
    assert r.status_code == 409 and r.json()["error"]["code"] == "conflict"
    r = personas.officer.client.patch(
        url, {"version": 2, "kind": "ngo"}, content_type="application/json"
    )
    assert r.status_code in (200, 422)
    assert Organisation.objects.get(slug="bcrc-test").kind == "brs_centre"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_officers_saving_concurrently_on_postgresql(personas):
    """Two real connections race from the same version: exactly one wins."""
    org = personas.world.org
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def officer_saves(city: str) -> None:
        try:
            copy = Organisation.objects.get(pk=org.pk)
            barrier.wait()
            update_organisation(personas.officer.user, copy, 1, {"city": city})
            outcomes.append("saved")
        except StaleEdit:
            outcomes.append("stale")
        finally:
            connection.close()

    threads = [threading.Thread(target=officer_saves, args=(c,)) for c in ("Beijing", "Shanghai")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["saved", "stale"]
    org.refresh_from_db()
    assert org.version == 2
