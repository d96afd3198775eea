"""Personal API tokens (issue 16, item 3): hashed, scoped, revocable, acting as their owner."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from django.utils import timezone
from pytest_django.live_server_helper import LiveServer

from minamata_kb.accounts import tokens
from minamata_kb.accounts.models import ApiToken
from minamata_kb.matching.models import Need
from minamata_kb.registry.models import Organisation


def _machine(raw: str) -> Client:
    """A client with no cookie at all, enforcing CSRF like a real server."""
    client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {raw}"})
    return client


def _need(party: str) -> str:
    return json.dumps({"party": party, "text": "Help with a mercury inventory.", "published": True})


@pytest.mark.django_db
def test_the_token_is_stored_hashed_and_shown_once(personas: Any) -> None:
    user = personas.fp_a.user
    token, raw = tokens.create_token(user, user, "laptop script", "write")
    row = ApiToken.objects.get(pk=token.pk)
    assert raw.startswith(f"mkb_{row.prefix}_") and len(raw) > 50
    assert row.digest == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in {getattr(row, f.attname) for f in ApiToken._meta.fields}
    # The page lists it without the secret.
    page = personas.fp_a.client.get("/accounts/tokens/").content.decode()
    assert "laptop script" in page and raw not in page and row.prefix in page


@pytest.mark.django_db
def test_the_page_creates_shows_once_and_revokes(personas: Any) -> None:
    client = personas.partner.client
    r = client.post("/accounts/tokens/", {"action": "create", "name": "sync", "scope": "write"})
    assert r.status_code == 200 and r["Cache-Control"] == "no-store"
    raw = r.content.decode().split('<code id="new-token">')[1].split("</code>")[0]
    assert tokens.authenticate(raw) is not None
    assert raw not in client.get("/accounts/tokens/").content.decode()
    r = client.post("/accounts/tokens/", {"action": "create", "name": "sync", "scope": "write"})
    assert r.status_code == 422  # the same live name twice
    other, _ = tokens.create_token(personas.fp_a.user, personas.fp_a.user, "theirs")
    client.post("/accounts/tokens/", {"action": "revoke", "token": str(other.pk)})
    assert ApiToken.objects.get(pk=other.pk).revoked_at is None  # not theirs to revoke
    client.post("/accounts/tokens/", {"action": "revoke", "token": "x9"})  # no 500
    mine = ApiToken.objects.get(owner=personas.partner.user, name="sync")
    client.post("/accounts/tokens/", {"action": "revoke", "token": str(mine.pk)})
    assert tokens.authenticate(raw) is None


@pytest.mark.django_db
def test_focal_point_token_acts_for_its_own_party_only(personas: Any) -> None:
    user = personas.fp_a.user
    _t, raw = tokens.create_token(user, user, "ghana-bot", "write")
    machine = _machine(raw)
    r = machine.post("/api/v1/needs", _need("GHA"), content_type="application/json")
    assert r.status_code == 201, r.content
    # An operation behind ninja's own `django_auth` (which checks CSRF itself) takes the token.
    r = machine.post(f"/api/v1/needs/{r.json()['id']}/matches")
    assert r.status_code == 200, r.content
    r = machine.post("/api/v1/needs", _need("MEX"), content_type="application/json")
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"
    assert not Need.objects.filter(party__code="MEX").exists()
    listed = machine.get("/api/v1/needs").json()
    assert {n["party"] for n in listed["items"]} == {"GHA"}
    assert ApiToken.objects.get(owner=user).last_used_at is not None


@pytest.mark.django_db
def test_editor_token_edits_its_own_organisation_only(personas: Any) -> None:
    user = personas.partner.user
    _t, raw = tokens.create_token(user, user, "centre-sync", "write")
    machine = _machine(raw)
    own = Organisation.objects.get(slug="bcrc-test")
    r = machine.patch(
        "/api/v1/organisations/bcrc-test",
        json.dumps({"version": own.version, "city": "Beijing"}),
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    assert Organisation.objects.get(slug="bcrc-test").city == "Beijing"
    other = Organisation.objects.get(slug="other-ngo")
    r = machine.patch(
        "/api/v1/organisations/other-ngo",
        json.dumps({"version": other.version, "city": "Nowhere"}),
        content_type="application/json",
    )
    assert r.status_code == 403, r.content
    assert Organisation.objects.get(slug="other-ngo").city != "Nowhere"
    # A focal point may not add resources; neither may their token.
    fp = personas.fp_a.user
    _t2, raw2 = tokens.create_token(fp, fp, "fp", "write")
    r = _machine(raw2).post(
        "/api/v1/resources", json.dumps({"title": "x"}), content_type="application/json"
    )
    assert r.status_code == 403 and r.json()["error"]["code"] == "forbidden"


@pytest.mark.django_db
def test_read_token_reads_but_may_not_write(personas: Any) -> None:
    user = personas.fp_a.user
    _t, raw = tokens.create_token(user, user, "reader", "read")
    machine = _machine(raw)
    assert machine.get("/api/v1/needs").status_code == 200
    r = machine.post("/api/v1/needs", _need("GHA"), content_type="application/json")
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "read_only_token"
    assert not Need.objects.exists()


@pytest.mark.django_db
def test_unusable_tokens_answer_401_alike(personas: Any) -> None:
    user = personas.fp_a.user
    revoked, raw_revoked = tokens.create_token(user, user, "old", "write")
    tokens.revoke_token(user, revoked)
    expired, raw_expired = tokens.create_token(user, user, "short", "write")
    ApiToken.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    _live, raw_live = tokens.create_token(user, user, "live", "write")
    wrong_secret = raw_live[:-4] + ("AAAA" if not raw_live.endswith("AAAA") else "BBBB")
    bodies = set()
    for raw in (raw_revoked, raw_expired, wrong_secret, "mkb_0000000000_nothing", "garbage", ""):
        for send in ("get", "post"):
            r = getattr(_machine(raw), send)("/api/v1/needs")
            assert r.status_code == 401, (raw, send, r.status_code)
            bodies.add(r.content)
    assert len(bodies) == 1, bodies  # no oracle between unknown, wrong, revoked, expired
    assert ApiToken.objects.get(pk=revoked.pk).last_used_at is None


@pytest.mark.django_db
def test_session_writes_keep_csrf_even_with_a_bearer_header(personas: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.fp_a.user)
    # Session alone without the CSRF token: refused.
    r = client.post("/api/v1/needs", _need("GHA"), content_type="application/json")
    assert r.status_code == 403 and r.json()["error"]["code"] == "csrf_failed"
    # Session plus a bogus bearer token: refused, never let through as a "token request".
    for bogus in ("mkb_0000000000_x", "nonsense", ""):
        r = client.post(
            "/api/v1/needs",
            _need("GHA"),
            content_type="application/json",
            headers={"Authorization": f"Bearer {bogus}"},
        )
        assert r.status_code == 401, (bogus, r.status_code)
    # A non-Bearer Authorization header leaves the session path, CSRF included.
    r = client.post(
        "/api/v1/needs",
        _need("GHA"),
        content_type="application/json",
        headers={"Authorization": "Basic Zm9vOmJhcg=="},
    )
    assert r.status_code == 403 and r.json()["error"]["code"] == "csrf_failed"
    assert not Need.objects.exists()
    # With the CSRF token the session write passes.
    secret = _get_new_csrf_string()
    client.cookies["csrftoken"] = secret
    r = client.post(
        "/api/v1/needs",
        _need("GHA"),
        content_type="application/json",
        headers={"X-CSRFToken": secret},
    )
    assert r.status_code == 201, r.content


@pytest.mark.django_db
def test_the_cli_creates_lists_and_revokes(personas: Any) -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command("token", "create", user="fp-a", name="cron", scope="write", stdout=out, stderr=err)
    raw = out.getvalue().strip()
    token = tokens.authenticate(raw)
    assert token is not None and token.owner.username == "fp-a"
    listing = io.StringIO()
    call_command("token", "list", user="fp-a", stdout=listing)
    assert "cron\twrite" in listing.getvalue() and raw not in listing.getvalue()
    call_command("token", "revoke", user="fp-a", name="cron", stdout=io.StringIO())
    assert tokens.authenticate(raw) is None
    with pytest.raises(CommandError, match="no user"):
        call_command("token", "list", user="nobody")
    with pytest.raises(CommandError, match="no active token"):
        call_command("token", "revoke", user="fp-a", name="cron")
    with pytest.raises(CommandError, match="not a date"):
        call_command("token", "create", user="fp-a", name="x", expires="tomorrow")


@pytest.mark.django_db
def test_creation_and_revocation_are_in_the_history(personas: Any) -> None:
    from minamata_kb.audit.models import ChangeRecord

    user = personas.partner.user
    token, raw = tokens.create_token(user, user, "audited", "read")
    tokens.revoke_token(user, token)
    records = ChangeRecord.objects.filter(entity="accounts.apitoken", object_id=str(token.pk))
    assert [r.action for r in records.order_by("pk")] == ["create", "update"]
    assert all(raw not in json.dumps([r.before, r.after]) for r in records)


@pytest.mark.django_db(transaction=True)
def test_a_script_over_http_lists_and_creates_with_its_token(
    live_server: LiveServer, personas: Any
) -> None:
    """A real HTTP client (no Django test client, no cookies): what a partner's script does."""
    import urllib.error
    import urllib.request

    user = personas.fp_a.user
    _t, raw = tokens.create_token(user, user, "http-script", "write")

    def call(method: str, path: str, body: dict | None = None, token: str = raw) -> Any:
        req = urllib.request.Request(
            f"{live_server.url}{path}",
            method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(req, timeout=30) as r:  # noqa: S310 - the test server
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read())

    status, body = call("POST", "/api/v1/needs", json.loads(_need("GHA")))
    assert status == 201, body
    status, body = call("GET", "/api/v1/needs?party=GHA")
    assert status == 200 and body["meta"]["count"] == 1
    status, body = call("POST", "/api/v1/needs", json.loads(_need("MEX")))
    assert status == 403 and body["error"]["code"] == "forbidden"
    status, body = call("GET", "/api/v1/needs", token=raw + "x")
    assert status == 401 and body["error"]["code"] == "invalid_token"
