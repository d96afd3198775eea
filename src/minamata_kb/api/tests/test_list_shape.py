"""Every collection the API returns has one shape: `{"meta": {"count": …}, "items": [...]}`.

Read from the API's own OpenAPI document, so a new list endpoint is checked the day it is added.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from minamata_kb.api.tests.openapi_ops import _resolve


def _answers() -> list[tuple[str, dict[str, Any]]]:
    from minamata_kb.api.routes import api

    schema = api.get_openapi_schema()
    components = schema.get("components", {}).get("schemas", {})
    out = []
    for path, item in schema["paths"].items():
        op = item.get("get")
        if not op:
            continue
        responses = op.get("responses", {})
        content = (responses.get(200) or responses.get("200") or {}).get("content", {})
        if "application/json" in content:
            out.append((path, _resolve(content["application/json"]["schema"], components)))
    return out


def _lists_of_records(schema: dict[str, Any]) -> list[str]:
    """Top-level properties that hold a list of objects: the collection an answer carries."""
    return [
        name
        for name, prop in schema.get("properties", {}).items()
        if prop.get("type") == "array" and prop.get("items", {}).get("type") == "object"
    ]


def test_no_get_answers_a_bare_array() -> None:
    bare = [path for path, schema in _answers() if schema.get("type") == "array"]
    assert not bare, f"bare arrays: {bare}"


def test_every_collection_is_items_with_a_counted_meta() -> None:
    wrong = []
    checked = 0
    for path, schema in _answers():
        lists = _lists_of_records(schema)
        one_record = path.endswith("}")  # its own nested lists are part of it
        if "items" not in lists and (one_record or "results" not in lists):
            continue  # one record, or a report of several tables (gaps, analysis)
        checked += 1
        meta = schema.get("properties", {}).get("meta", {})
        if "items" not in lists or "count" not in meta.get("properties", {}):
            wrong.append(path)
        if "count" in schema.get("properties", {}) or "results" in schema.get("properties", {}):
            wrong.append(path)
    assert not wrong, f"not {{meta: {{count}}, items}}: {sorted(set(wrong))}"
    assert checked >= 15, checked  # the sweep saw the collections, not nothing


@pytest.mark.django_db
def test_a_list_answers_its_count_and_page(client: Client) -> None:
    body = client.get("/api/v1/resources?limit=1").json()
    assert set(body) == {"meta", "items"}
    assert body["meta"]["limit"] == 1 and body["meta"]["offset"] == 0
    assert body["meta"]["count"] == 0 and body["items"] == []
    r = client.get("/api/v1/resources?limit=0")
    assert r.status_code == 422 and r.json()["error"]["details"][0]["field"] == "limit"
    r = client.get("/api/v1/resources?offset=-1")
    assert r.status_code == 422 and r.json()["error"]["details"][0]["field"] == "offset"
