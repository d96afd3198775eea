"""Issue 15, item 8: a COP document or snapshot of a call still in draft freezes submissions only
the secretariat may read; it is not public until the call is issued."""

from __future__ import annotations

import pytest

from minamata_kb.documents.services import generate
from minamata_kb.submissions.models import Call

pytestmark = pytest.mark.django_db


def test_documents_of_a_draft_call_stay_with_the_secretariat(demo_call, personas):
    doc, _data, _images = generate(None, demo_call, "note", "en", "md")
    snap = doc.snapshot
    Call.objects.filter(pk=demo_call.pk).update(status=Call.Status.DRAFT)
    for p in personas.all:
        officer = p.name == "officer1"
        r = p.client.get(f"/api/v1/snapshots/{snap.pk}")
        assert r.status_code == (200 if officer else 404), p.name
        ids = {d["id"] for d in p.client.get("/api/v1/documents").json()["items"]}
        assert (doc.pk in ids) == officer, p.name
        r = p.client.get(f"/documents/{doc.pk}/download/")
        assert r.status_code == (200 if officer else 404), p.name
        page = p.client.get("/documents/").content.decode()
        assert (f"/documents/{doc.pk}/download/" in page) == officer, p.name
    # once the call is issued, they are public
    Call.objects.filter(pk=demo_call.pk).update(status=Call.Status.OPEN)
    assert personas.anon.client.get(f"/api/v1/snapshots/{snap.pk}").status_code == 200
    assert personas.anon.client.get(f"/documents/{doc.pk}/download/").status_code == 200
