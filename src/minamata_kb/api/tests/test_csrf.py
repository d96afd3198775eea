"""Every API write from a signed-in session needs the CSRF token (issue 15, item 5).

The sweep takes the operations from the OpenAPI schema, so a new write endpoint is covered
the day it is added.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client

from minamata_kb.api.tests.openapi_ops import WriteOp, row_counts, write_operations


def _send(client: Client, op: WriteOp, **headers: str) -> Any:
    url = op.url({name: ("1" if kind == "integer" else "x") for name, kind in op.params.items()})
    send = getattr(client, op.method)
    if op.content_type == "multipart/form-data":
        data = {"file": SimpleUploadedFile("a.txt", b"hello"), "call": "1", "party": "GHA"}
        return send(url, data=data, headers=headers)
    if op.content_type:
        return send(url, data=json.dumps({}), content_type=op.content_type, headers=headers)
    return send(url, headers=headers)


def test_the_sweep_sees_every_write_operation() -> None:
    paths = {str(op) for op in write_operations()}
    # The three that took session writes without a token, and a sample of the rest.
    assert "POST /api/v1/submissions" in paths
    assert "POST /api/v1/statements/{statement_id}/review" in paths
    assert "PATCH /api/v1/organisations/{slug}" in paths
    assert "DELETE /api/v1/resources/{ext_id}" in paths
    assert len(paths) >= 15


@pytest.mark.django_db
@pytest.mark.integration
def test_every_session_write_without_the_token_is_refused(personas: Any) -> None:
    for persona in (personas.officer, personas.fp_a, personas.partner):
        client = Client(enforce_csrf_checks=True)
        client.force_login(persona.user)
        for op in write_operations():
            before = row_counts()
            r = _send(client, op)
            assert r.status_code == 403, (persona.name, str(op), r.status_code, r.content[:300])
            body = r.json()
            assert body["error"]["code"] == "csrf_failed", (str(op), body)
            assert row_counts() == before, (persona.name, str(op))


@pytest.mark.django_db
def test_a_wrong_token_is_refused_and_the_right_one_passes(personas: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.officer.user)
    secret = _get_new_csrf_string()
    client.cookies["csrftoken"] = secret
    for op in write_operations():
        wrong = _send(client, op, X_CSRFToken=_get_new_csrf_string())
        assert wrong.status_code == 403 and wrong.json()["error"]["code"] == "csrf_failed"
        right = _send(client, op, X_CSRFToken=secret)
        # Past the CSRF check: whatever the operation makes of this body, it is not a CSRF refusal.
        assert right.status_code < 500, (str(op), right.status_code)
        if right.status_code == 403:
            assert right.json()["error"]["code"] != "csrf_failed", str(op)


@pytest.mark.django_db
def test_anonymous_writes_are_not_mistaken_for_csrf_failures(personas: Any) -> None:
    """No session, no CSRF question: the operation itself refuses the stranger."""
    client = Client(enforce_csrf_checks=True)
    for op in write_operations():
        r = _send(client, op)
        assert r.status_code in {401, 403, 404, 405, 409, 422}, (str(op), r.status_code)
        assert r.json().get("error", {}).get("code") != "csrf_failed", str(op)


@pytest.mark.django_db
def test_safe_methods_need_no_token(personas: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.officer.user)
    assert client.get("/api/v1/resources").status_code == 200
