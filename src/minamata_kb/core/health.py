"""Readiness checks: database, search index, embedding model."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.db import connection


def readiness() -> dict[str, Any]:
    """Each check is `{"ok": bool, "detail": str}`; ready when all are ok."""
    checks: dict[str, dict[str, Any]] = {}
    try:
        with connection.cursor() as cur:
            cur.execute("SELECT 1")
        checks["database"] = {"ok": True, "detail": connection.vendor}
    except Exception as exc:  # any driver error means not ready
        checks["database"] = {"ok": False, "detail": str(exc)[:200]}
    try:
        health = import_module("minamata_kb.search.health")
        checks.update(health.checks())
    except ModuleNotFoundError:
        checks["search"] = {"ok": True, "detail": "no search health module"}
    return {"ready": all(c["ok"] for c in checks.values()), "checks": checks}
