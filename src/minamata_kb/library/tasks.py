"""Background work of the library: reading an uploaded file's text (django-tasks)."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from minamata_kb.core import filetext
from minamata_kb.core.languages import detect_language
from minamata_kb.library.models import Resource, ResourceFile
from minamata_kb.library.signals import resource_changed


@task()
def extract_file_task(file_id: int) -> str:
    """Read a pending file's text (limited child process), then re-index its resource."""
    f = ResourceFile.objects.select_related("resource").filter(pk=file_id).first()
    if f is None:
        return ""

    def language(text: str) -> dict[str, Any]:
        return {"language": detect_language(text, default=f.resource.language) if text else ""}

    result = filetext.read_original(f, text_field="extracted_text", more=language)
    if result is not None and not result.error:
        resource_changed.send(sender=Resource, resource_id=f.resource_id)
    return str(f.extraction_state)


def schedule_extraction(file_id: int) -> None:
    """Queue the reading of a file (inline, in its limited child, when immediate)."""
    extract_file_task.enqueue(file_id)
