"""The API reference as a page of the site (its layout, language and navigation), read from
the OpenAPI document: every operation with its parameters and answers. It needs no script, so
it works offline and under the site's content security policy; the interactive Swagger UI
(/api/v1/docs, served from this site's static files) is linked from it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

METHODS = ("get", "post", "put", "patch", "delete")


def _type(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " | ".join(_type(s) for s in schema["anyOf"] if s.get("type") != "null")
    if schema.get("type") == "array":
        return f"list of {_type(schema.get('items', {}))}"
    return str(schema.get("type") or schema.get("format") or "")


def operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """Operations grouped by tag: [{"tag", "anchor", "operations": [...]}], in document order."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if not op:
                continue
            params = [
                {
                    "name": p["name"],
                    "where": p.get("in", ""),
                    "required": bool(p.get("required")),
                    "type": _type(p.get("schema", {})),
                    "description": p.get("description", ""),
                }
                for p in op.get("parameters", [])
            ]
            body = op.get("requestBody", {}).get("content", {})
            groups.setdefault((op.get("tags") or ["api"])[0], []).append(
                {
                    "method": method.upper(),
                    "path": path,
                    "id": op.get("operationId", f"{method}-{path}"),
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": params,
                    "body": ", ".join(sorted(body)),
                    "responses": sorted(op.get("responses", {})),
                    "auth": bool(op.get("security")),
                }
            )
    return [{"tag": t, "anchor": f"tag-{t}", "operations": ops} for t, ops in groups.items()]


def reference(request: HttpRequest, schema: dict[str, Any]) -> HttpResponse:
    info = schema.get("info", {})
    return render(
        request,
        "api/reference.html",
        {"info": info, "groups": operations(schema), "count": len(schema.get("paths", {}))},
    )
