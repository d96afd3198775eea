"""Readiness checks (`/readyz`): the database here, and whatever each app adds.

Every app may have a `health.py` defining `checks() -> dict[str, {"ok": bool, "detail": str}]`
(found by `core.extensions.app_modules`, like the other hooks); search adds `search_index` and
`embedding_model`. Ready when every check is ok. A hook that raises is a failed check named
after its module, never a silent pass.
"""

from __future__ import annotations

from typing import Any

from django.db import connection

from minamata_kb.core.extensions import app_modules
from minamata_kb.core.hooks import HealthCheck


def checks() -> dict[str, HealthCheck]:
    """The database answers a query."""
    try:
        with connection.cursor() as cur:
            cur.execute("SELECT 1")
        return {"database": {"ok": True, "detail": connection.vendor}}
    except Exception as exc:  # any driver error means not ready
        return {"database": {"ok": False, "detail": str(exc)[:200]}}


def readiness() -> dict[str, Any]:
    """Each check is `{"ok": bool, "detail": str}`; ready when all are ok."""
    found: dict[str, HealthCheck] = {}
    for module in app_modules("health"):
        try:
            found.update(module.checks())
        except Exception as exc:  # a broken hook is a failed check, not a missing one
            found[module.__name__] = {"ok": False, "detail": f"{type(exc).__name__}: {exc}"[:200]}
    return {"ready": bool(found) and all(c["ok"] for c in found.values()), "checks": found}
