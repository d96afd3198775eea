"""Strangers are refused before validation: every API write, anonymously, answers 401/403."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from minamata_kb.audit.models import ChangeRecord

WRITE_METHODS = ("post", "put", "patch", "delete")


def _write_operations(client: Client) -> list[tuple[str, str]]:
    schema = client.get("/api/v1/openapi.json").json()
    ops = []
    for path, item in schema["paths"].items():
        for method in WRITE_METHODS:
            if method in item:
                # any value for a path parameter: the refusal must come before it is looked up
                ops.append((method, re.sub(r"\{[^}]+\}", "1", path)))
    return ops


@pytest.mark.django_db
def test_every_write_operation_refuses_strangers_before_reading_the_body(ref_world):
    client = Client(raise_request_exception=False)
    ops = _write_operations(client)
    assert len(ops) >= 15, ops  # the sweep sees the whole API, not a part of it
    assert ("post", "/api/v1/resources") in ops
    for method, path in ops:
        for body, content_type in (
            ("", "application/json"),
            ("{}", "application/json"),
            ('{"id": "zz/poison"', "application/json"),  # broken JSON
            ("", "multipart/form-data; boundary=x"),
        ):
            r = getattr(client, method)(path, body, content_type=content_type)
            assert r.status_code in (401, 403), (method, path, body, r.status_code, r.content)
            assert r.json()["error"]["code"] in ("unauthenticated", "forbidden"), r.content
    assert not ChangeRecord.objects.exists()


@pytest.mark.django_db
def test_anonymous_incomplete_resource_gets_401_not_the_schema(ref_world):
    client = Client(raise_request_exception=False)
    r = client.post("/api/v1/resources", json.dumps({"title": "x"}), "application/json")
    assert r.status_code == 401
    assert "id" not in json.dumps(r.json()["error"]["details"])


# Operations gated by a role: someone signed in without it is refused before the body is read.
ROLE_GATED = [
    ("post", "/api/v1/resources", ("fp_a",)),
    ("post", "/api/v1/statements/1/review", ("fp_a", "partner")),
    ("post", "/api/v1/matches/1/decision", ("fp_a", "partner")),
    ("post", "/api/v1/duplicates/1/decision", ("fp_a", "partner")),
    ("put", "/api/v1/work-programme/1/links", ("fp_a", "partner")),
    ("post", "/api/v1/requests", ("partner",)),
    ("post", "/api/v1/needs", ("partner",)),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "who"), ROLE_GATED)
def test_who_lacks_the_role_is_refused_before_validation(personas, method, path, who):
    before = ChangeRecord.objects.count()
    for name in who:
        client = getattr(personas, name).client
        # (JSON that does not parse may meet api/guards.py's 400 first: it tells no schema)
        for body in ("{}", '{"title": 1, "id": []}', ""):
            r = getattr(client, method)(path, body, content_type="application/json")
            assert r.status_code == 403, (name, method, path, body, r.content)
            assert r.json()["error"]["code"] == "forbidden"
    assert ChangeRecord.objects.count() == before
