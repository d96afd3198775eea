"""Widgets of the activities' form pages: an input that shows raw text as typed, and the
lists a page edits one item a line (outputs, materials)."""

from __future__ import annotations

from typing import Any

from django import forms


class RawInput(forms.TextInput):
    """Off the page: the value as given (a list, a number, a date from a spreadsheet)."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return data.get(name)


class OutputLines(forms.Textarea):
    """On the page: one knowledge-base resource id a line."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        lines = (data.get(name) or "").splitlines()
        return [{"resource_ref": ln.strip(), "title": "", "url": ""} for ln in lines if ln.strip()]

    def format_value(self, value: Any) -> str:
        if isinstance(value, list):
            return "\n".join(o["resource_ref"] for o in value if o["resource_ref"])
        return super().format_value(value) or ""


class MaterialLines(forms.Textarea):
    """On the page: one material a line, `kind, resource id or URL`."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        materials = []
        for line in (data.get(name) or "").splitlines():
            if not line.strip():
                continue
            kind, _sep, ref = line.partition(",")
            ref = ref.strip()
            is_url = ref.startswith(("http://", "https://"))
            materials.append(
                {
                    "kind": kind.strip(),
                    "resource_ref": "" if is_url else ref,
                    "url": ref if is_url else "",
                }
            )
        return materials

    def format_value(self, value: Any) -> str:
        if isinstance(value, list):
            return "\n".join(f"{m['kind']}, {m['resource_ref'] or m['url']}" for m in value)
        return super().format_value(value) or ""
