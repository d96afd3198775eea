"""Render the dumps (page, download, CLI) and describe them in a DCAT catalogue."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from minamata_kb.open_data.collections import COLLECTIONS, MEDIA_TYPES, Collection

DEFAULT_LICENSE = "https://creativecommons.org/licenses/by/4.0/"


def license_url() -> str:
    return str(getattr(settings, "OPEN_DATA_LICENSE", DEFAULT_LICENSE))


def modified(c: Collection) -> dt.date:
    return _as_date(c.modified())


def _as_date(value: dt.datetime | dt.date | None) -> dt.date:
    """A collection's last change as a local date (today when it has none)."""
    if isinstance(value, dt.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value or timezone.localdate()


# How long the list page may show a file size measured earlier. Sizes only: a download is
# always rendered afresh, so a stale entry can never hand out a record that is no longer public.
SIZES_SECONDS = 300


def file_sizes(c: Collection, changed_at: Any = None) -> dict[str, int]:
    """The byte size of each of the collection's files, measured by rendering them; kept for
    SIZES_SECONDS per collection and last change (`changed_at`, read from the collection when
    not given), so the list page does not render every dump on every view."""
    when = c.modified() if changed_at is None else changed_at
    changed = hashlib.sha256(str(when).encode()).hexdigest()[:16]
    key = f"open-data:sizes:{c.key}:{changed}"  # no spaces: valid for every cache backend
    sizes: dict[str, int] | None = cache.get(key)
    if sizes is None:
        sizes = {fmt: len(c.render(fmt)) for fmt in c.all_formats}
        cache.set(key, sizes, SIZES_SECONDS)
    return sizes


def dataset_rows() -> list[dict[str, Any]]:
    """Each collection with its files' sizes and its modification date."""
    out = []
    for c in COLLECTIONS.values():
        changed_at = c.modified()  # one query: the cache key and the date shown
        sizes = file_sizes(c, changed_at)
        files = [
            {"format": fmt, "name": f"{c.key}.{fmt}", "size": sizes[fmt]} for fmt in c.all_formats
        ]
        out.append({"collection": c, "files": files, "modified": _as_date(changed_at)})
    return out


def write_all(directory: Path, base_url: str) -> list[tuple[Path, int]]:
    """Every dump into `directory` (created if missing), plus catalog.jsonld; (path, bytes)."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    rows = []  # the catalogue describes the files just written (each dump rendered once)
    for c in COLLECTIONS.values():
        files = []
        for fmt in c.all_formats:
            data = c.render(fmt)
            path = directory / f"{c.key}.{fmt}"
            tmp = path.with_suffix(path.suffix + ".part")
            tmp.write_bytes(data)
            tmp.replace(path)  # never a half-written dump under the final name
            written.append((path, len(data)))
            files.append({"format": fmt, "name": path.name, "size": len(data)})
        rows.append({"collection": c, "files": files, "modified": modified(c)})
    data = json.dumps(catalog(base_url, rows), ensure_ascii=False, indent=1).encode("utf-8")
    (directory / "catalog.jsonld").write_bytes(data)
    written.append((directory / "catalog.jsonld", len(data)))
    return written


def catalog(base_url: str, rows: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A DCAT-AP style catalogue (JSON-LD) of every dump; `base_url` like https://host."""
    base = base_url.rstrip("/")
    licence = license_url()
    rows = rows if rows is not None else dataset_rows()
    datasets = []
    for row in rows:
        c = row["collection"]
        datasets.append(
            {
                "@id": f"{base}/open-data/#{c.key}",
                "@type": "dcat:Dataset",
                "dct:identifier": c.key,
                "dct:title": str(c.title),
                "dct:description": str(c.description),
                "dct:modified": {"@value": row["modified"].isoformat(), "@type": "xsd:date"},
                "dct:license": {"@id": licence},
                "dct:publisher": {"@id": f"{base}/"},
                "dcat:landingPage": {"@id": f"{base}/open-data/"},
                "dcat:distribution": [
                    {
                        "@type": "dcat:Distribution",
                        "dct:title": f["name"],
                        "dcat:downloadURL": {"@id": f"{base}/open-data/{f['name']}"},
                        "dcat:accessURL": {"@id": f"{base}/open-data/{f['name']}"},
                        "dcat:mediaType": MEDIA_TYPES[f["format"]].split(";")[0],
                        "dct:format": f["format"].upper(),
                        "dcat:byteSize": {"@value": str(f["size"]), "@type": "xsd:decimal"},
                        "dct:license": {"@id": licence},
                    }
                    for f in row["files"]
                ],
            }
        )
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": f"{base}/open-data/catalog.jsonld",
        "@type": "dcat:Catalog",
        "dct:title": _("Minamata KB open data"),
        "dct:description": _(
            "Bulk downloads of every public collection of the Minamata Convention knowledge "
            "base: only published records."
        ),
        "dct:license": {"@id": licence},
        "dct:publisher": {"@id": f"{base}/", "@type": "foaf:Organization"},
        "dct:modified": {
            "@value": max((r["modified"] for r in rows), default=timezone.localdate()).isoformat(),
            "@type": "xsd:date",
        },
        "dcat:dataset": datasets,
    }
