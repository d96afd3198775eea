"""What the API sweeps share: every write operation of the OpenAPI schema, and row counts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

WRITE_METHODS = ("post", "put", "patch", "delete")


@dataclass
class WriteOp:
    method: str
    path: str  # with {param} placeholders
    params: dict[str, str] = field(default_factory=dict)  # path parameter -> JSON type
    body_schema: dict[str, Any] | None = None  # resolved JSON schema of the body
    content_type: str | None = None  # application/json or multipart/form-data

    def url(self, values: dict[str, Any]) -> str:
        return re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), self.path)

    def __str__(self) -> str:
        return f"{self.method.upper()} {self.path}"


def _resolve(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        return _resolve(components[schema["$ref"].rsplit("/", 1)[1]], components)
    out = dict(schema)
    if "properties" in out:
        out["properties"] = {k: _resolve(v, components) for k, v in out["properties"].items()}
    if "items" in out:
        out["items"] = _resolve(out["items"], components)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in out:
            out[key] = [_resolve(s, components) for s in out[key]]
    return out


def write_operations() -> list[WriteOp]:
    """Every POST, PUT, PATCH and DELETE the API publishes, from its own OpenAPI schema."""
    from minamata_kb.api.routes import api

    schema = api.get_openapi_schema()
    components = schema.get("components", {}).get("schemas", {})
    ops: list[WriteOp] = []
    for path, item in schema["paths"].items():
        for method, op in item.items():
            if method not in WRITE_METHODS:
                continue
            params = {
                p["name"]: p.get("schema", {}).get("type", "string")
                for p in op.get("parameters", [])
                if p.get("in") == "path"
            }
            content = op.get("requestBody", {}).get("content", {})
            ctype = next(iter(content), None)
            body = _resolve(content[ctype]["schema"], components) if ctype else None
            ops.append(WriteOp(method, path, params, body, ctype))
    return ops


def row_counts() -> dict[str, int]:
    """Rows of every table (a refused write must leave all of them as they were).

    One query (a sub-select per table), so a sweep can afford it before and after each request.
    """
    from django.apps import apps
    from django.db import connection

    tables = sorted(
        {m._meta.db_table for m in apps.get_models(include_auto_created=True) if m._meta.managed}
    )
    qn = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {qn(t)})" for t in tables)  # noqa: S608 - table names from the models
    with connection.cursor() as cursor:
        cursor.execute(sql)
        counts = cursor.fetchone()
    return dict(zip(tables, counts, strict=True))


def read_operations() -> list[tuple[str, list[str], dict[str, str]]]:
    """Every GET of the API: (path, query parameter names, path parameter types)."""
    from minamata_kb.api.routes import api

    out = []
    for path, item in api.get_openapi_schema()["paths"].items():
        op = item.get("get")
        if op is None:
            continue
        params = op.get("parameters", [])
        query = [p["name"] for p in params if p.get("in") == "query"]
        in_path = {
            p["name"]: p.get("schema", {}).get("type", "string")
            for p in params
            if p.get("in") == "path"
        }
        out.append((path, query, in_path))
    return out
