"""Production behaviour: request ids, security headers, health probes, DB outage (the sign-in
lockout: accounts/tests/test_lockout.py)."""

import json
import logging

import pytest

from minamata_kb.core.logs import JsonFormatter


@pytest.mark.django_db
def test_request_id_and_security_headers(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="abc-123")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert response["X-Request-ID"] == "abc-123"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    hostile = client.get("/healthz", HTTP_X_REQUEST_ID="<script>")
    assert hostile["X-Request-ID"] != "<script>" and len(hostile["X-Request-ID"]) == 32


@pytest.mark.django_db
def test_readyz_reports_each_check(client):
    response = client.get("/readyz")
    body = response.json()
    assert set(body["checks"]) == {"database", "search_index", "embedding_model"}
    assert body["checks"]["database"]["ok"] is True
    assert response.status_code == (200 if body["ready"] else 503)
    # more (each check breaking alone gives 503): core/tests/test_readiness.py


def test_json_log_lines_carry_extras():
    record = logging.LogRecord("minamata_kb.request", logging.INFO, "", 0, "request", None, None)
    record.request_id = "r1"
    record.status = 200
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "request" and line["request_id"] == "r1" and line["status"] == 200


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_database_outage_gives_503_and_recovers(client, settings):
    import psycopg
    from django.db import connection

    dbname = connection.settings_dict["NAME"]
    admin = psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True)
    try:
        assert client.get("/api/v1/parties").status_code == 200
        admin.execute(f'ALTER DATABASE "{dbname}" ALLOW_CONNECTIONS false')
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [dbname]
        )
        down = client.get("/api/v1/parties")
        assert down.status_code == 503
        assert down.json()["error"]["code"] == "unavailable"
        page = client.get("/registry/parties/")
        assert page.status_code == 503 and "Temporarily unavailable" in page.content.decode()
    finally:
        admin.execute(f'ALTER DATABASE "{dbname}" ALLOW_CONNECTIONS true')
        admin.close()
    connection.close()
    assert client.get("/api/v1/parties").status_code == 200


@pytest.mark.slow
def test_production_settings_pass_the_deploy_check(tmp_path):
    import os
    import subprocess
    import sys

    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
        },
        "MINAMATA_KB_VAR_DIR": str(tmp_path),
        "SECRET_KEY": "x" * 20 + "production-secret-key-for-the-check-0123456789",
        "SECURE_COOKIES": "true",
        "SECURE_HSTS_SECONDS": "31536000",
        "SECURE_HSTS_PRELOAD": "true",
        "SECURE_SSL_REDIRECT": "true",
        "ALLOWED_HOSTS": "kb.example.org",
        "DEBUG": "false",
    }
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "minamata_kb",
            "manage",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr + proc.stdout
    assert "no issues" in proc.stdout


@pytest.mark.django_db
def test_stylesheet_is_served_and_navigation_lists_the_apps(client):
    from django.test import override_settings

    with override_settings(
        STORAGES={
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        }
    ):
        css = client.get("/static/css/site.css")
    assert css.status_code == 200
    body = client.get("/").content.decode()
    assert 'href="/registry/parties/"' in body and 'href="/search/"' in body
