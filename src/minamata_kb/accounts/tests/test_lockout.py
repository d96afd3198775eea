"""One sign-in lockout for every way in, keyed on the normalised name and the client address."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import pytest
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django.contrib.auth import authenticate
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client, RequestFactory
from pytest_django import Settings

from minamata_kb.accounts.lockout import client_ip, lockout_response, normalise_username

PASSWORD = "right-password-123"
SITE = "/accounts/login/"
ADMIN = "/admin/login/"


@pytest.fixture
def limit(settings: Settings) -> int:
    settings.LOGIN_MAX_FAILURES = 3
    settings.TRUSTED_PROXY_COUNT = 0
    return 3


def sign_in(client: Client, path: str, name: str, password: str, **extra: Any) -> Any:
    data = {"username": name, "password": password}
    if path == ADMIN:
        data["next"] = "/admin/"
    return client.post(path, data, **extra)


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def lock(client: Client, path: str, name: str, times: int, **extra: str) -> None:
    """`times` wrong passwords: all but the last show the form again, the last the lock page."""
    for n in range(times):
        response = sign_in(client, path, name, "wrong", **extra)
        assert response.status_code == (429 if n == times - 1 else 200), (n, response.status_code)


@pytest.mark.django_db
def test_locked_on_the_site_means_locked_on_the_admin_and_back(client, limit, django_user_model):
    django_user_model.objects.create_superuser("admin", password=PASSWORD)
    lock(client, SITE, "admin", limit)
    refused = sign_in(client, ADMIN, "admin", PASSWORD)
    assert refused.status_code == 429 and not signed_in(client)
    assert sign_in(client, SITE, "admin", PASSWORD).status_code == 429 and not signed_in(client)

    django_user_model.objects.create_superuser("root", password=PASSWORD)
    lock(client, ADMIN, "root", limit)
    assert sign_in(client, SITE, "root", PASSWORD).status_code == 429 and not signed_in(client)


@pytest.mark.django_db
def test_unicode_and_case_variants_of_a_locked_name_are_refused(client, limit, django_user_model):
    django_user_model.objects.create_user("fp-china", password=PASSWORD)
    # Unlocked, the fullwidth form reaches the account: that is why it must share the lock.
    assert sign_in(client, SITE, "ｆｐ-china", PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    # Failures under three spellings count against one name.
    for n, variant in enumerate(["ｆｐ-china", "𝐟𝐩-china", " FP-China "]):
        response = sign_in(client, SITE, variant, "wrong")
        assert response.status_code == (429 if n == 2 else 200)
    for variant in ["fp-china", "ｆｐ-china", "𝐟𝐩-china", "FP-CHINA"]:
        response = sign_in(client, SITE, variant, PASSWORD)
        assert response.status_code == 429, variant
        assert not signed_in(client)
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"fp-china"}


@pytest.mark.django_db
def test_behind_the_proxy_each_client_address_has_its_own_count(
    client, limit, settings, django_user_model
):
    settings.TRUSTED_PROXY_COUNT = 1
    django_user_model.objects.create_user("ana", password=PASSWORD)
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    attacker = {**proxy, "HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    lock(client, SITE, "ana", limit, **attacker)
    # The attacker's own forged entries left of the proxy's do not give it a fresh count.
    forged = {**proxy, "HTTP_X_FORWARDED_FOR": "198.51.100.7, 203.0.113.5"}
    assert sign_in(client, SITE, "ana", PASSWORD, **forged).status_code == 429
    # The user, elsewhere behind the same proxy, is not locked out by the attacker.
    user = Client()
    ok = sign_in(user, SITE, "ana", PASSWORD, **proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert ok.status_code == 302 and signed_in(user)
    assert AccessAttempt.objects.get().ip_address == "203.0.113.5"


@pytest.mark.django_db
def test_without_the_proxy_setting_a_forwarding_header_is_ignored(
    client, limit, settings, django_user_model
):
    settings.TRUSTED_PROXY_COUNT = 0
    django_user_model.objects.create_user("ana", password=PASSWORD)
    for n in range(limit):  # a fresh forged address each time
        response = sign_in(
            client,
            SITE,
            "ana",
            "wrong",
            REMOTE_ADDR="192.0.2.9",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
        )
        assert response.status_code == (429 if n == limit - 1 else 200)
    response = sign_in(
        client, SITE, "ana", PASSWORD, REMOTE_ADDR="192.0.2.9", HTTP_X_FORWARDED_FOR="10.9.9.9"
    )
    assert response.status_code == 429 and not signed_in(client)
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["192.0.2.9"]


def test_client_address_rules(settings):
    rf = RequestFactory()
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(rf.get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="1.1.1.1")) == (
        "192.0.2.1"
    )
    settings.TRUSTED_PROXY_COUNT = 2
    settings.TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    two_hops = "6.6.6.6, 203.0.113.5, 10.0.0.2"
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.3", HTTP_X_FORWARDED_FOR=two_hops)) == (
        "203.0.113.5"
    )
    # Fewer entries than proxies: not from the proxies, so the header is not believed.
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.3", HTTP_X_FORWARDED_FOR="6.6.6.6")) == (
        "10.0.0.3"
    )
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.3", HTTP_X_FORWARDED_FOR="junk, x")) == (
        "10.0.0.3"
    )
    settings.TRUSTED_PROXY_COUNT = 1
    settings.TRUSTED_PROXY_HEADER = "X-Real-IP"
    assert client_ip(rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="[2001:db8::1]:443")) == (
        "2001:db8::"
    )
    assert client_ip(rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="198.51.100.7:80")) == (
        "198.51.100.7"
    )


def test_an_ipv6_client_counts_as_its_64_network(settings):
    rf = RequestFactory()
    settings.TRUSTED_PROXY_COUNT = 0
    one = client_ip(rf.get("/", REMOTE_ADDR="2001:db8:1:2:aaaa::1"))
    other = client_ip(rf.get("/", REMOTE_ADDR="2001:db8:1:2:ffff:1:2:3"))
    assert one == other == "2001:db8:1:2::"
    assert client_ip(rf.get("/", REMOTE_ADDR="2001:db8:1:3::1")) != one
    assert client_ip(rf.get("/", REMOTE_ADDR="::ffff:192.0.2.7")) == "192.0.2.7"


@pytest.mark.django_db
def test_servers_share_one_count(limit, django_user_model):
    """The count is in the database: a server with empty process caches sees the same limit."""
    django_user_model.objects.create_user("ana", password=PASSWORD)
    first = Client()
    for _ in range(limit - 1):
        assert sign_in(first, SITE, "ana", "wrong").status_code == 200
    # Another server: nothing of this process's caches or handler carries over.
    for alias in caches:
        caches[alias].clear()
    AxesProxyHandler.get_implementation(force=True)
    second = Client()
    assert sign_in(second, SITE, "ana", "wrong").status_code == 429
    assert sign_in(second, SITE, "ana", PASSWORD).status_code == 429 and not signed_in(second)


@pytest.mark.django_db
def test_sign_in_works_again_after_the_cool_off(client, limit, settings, django_user_model):
    django_user_model.objects.create_user("ana", password=PASSWORD)
    lock(client, SITE, "ana", limit)
    assert sign_in(client, SITE, "ana", PASSWORD).status_code == 429
    # The lockout's clock, moved past the cool-off (no sleeping in tests).
    past = timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS + 1)
    for attempt in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=attempt.attempt_time - past)
    assert sign_in(client, SITE, "ana", PASSWORD).status_code == 302 and signed_in(client)
    assert not AccessAttempt.objects.exists()  # a success clears the pair's count


@pytest.mark.django_db
def test_the_lock_page_says_when_and_nothing_about_the_account(client, limit, django_user_model):
    django_user_model.objects.create_user("ana", password=PASSWORD)
    lock(client, SITE, "ana", limit)
    known = sign_in(client, SITE, "ana", PASSWORD)
    lock(client, SITE, "nobody-here", limit)
    unknown = sign_in(client, SITE, "nobody-here", PASSWORD)
    for response in (known, unknown):
        assert response.status_code == 429
        assert 0 < int(response["Retry-After"]) <= 900
        assert "Too many failed sign-in attempts" in response.content.decode()
        assert "Content-Security-Policy" in response
    varying = re.compile(r"\d\d:\d\d UTC \(in about \d+ minutes\)|value=\"[^\"]*\"")
    assert varying.search(known.content.decode())
    assert varying.sub("", known.content.decode()) == varying.sub("", unknown.content.decode())


@pytest.mark.django_db
def test_an_api_path_gets_the_error_envelope(limit):
    request = RequestFactory().post("/api/v1/session", {"username": "ana"})
    response = lockout_response(request, None, {"username": "ana"})
    body = json.loads(response.content)
    assert response.status_code == 429 and body["error"]["code"] == "locked_out"
    assert "try again" in body["error"]["message"] and int(response["Retry-After"]) > 0


@pytest.mark.django_db
def test_the_cli_is_not_locked_out_and_can_unlock(client, limit, django_user_model):
    user = django_user_model.objects.create_user("ana", password=PASSWORD)
    lock(client, SITE, "ana", limit)
    # Code on the server (CLI, scripts) authenticates without a request: neither refused nor
    # counted, and it does not fail.
    assert authenticate(username="ana", password=PASSWORD) == user
    assert authenticate(username="ana", password="wrong") is None
    call_command("axes_reset_username", "ana")
    assert sign_in(client, SITE, "ana", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_names_that_grow_under_normalisation_are_counted_not_crashed(client, limit):
    # U+FDFA becomes 18 characters under NFKC: 150 of them would not fit axes' column.
    long_name = "\ufdfa" * 150
    key = normalise_username(long_name)
    assert key.startswith("sha256:") and len(key) < 255
    assert normalise_username(long_name) == normalise_username("\ufdfa" * 150)
    lock(client, SITE, long_name, limit)
    assert normalise_username("ＡＤＭＩＮ") == normalise_username("𝐚𝐝𝐦𝐢𝐧") == "admin"
    assert normalise_username(None) == ""
