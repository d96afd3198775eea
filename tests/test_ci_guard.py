"""Under CI with a PostgreSQL URL, the suite must really run on PostgreSQL."""

import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_database_is_the_one_configured():
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith("postgres") else "sqlite"
    assert connection.vendor == expected


def test_ci_runs_both_engines():
    script = open(
        os.path.join(os.path.dirname(__file__), "..", ".ci", "run"), encoding="utf-8"
    ).read()
    assert "DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test" in script
    assert "make test" in script
