"""Background tasks (django-tasks): indexing runs off the request on the database backend."""

from __future__ import annotations

from django_tasks import task

from minamata_kb.search import indexing


@task()
def index_resource_task(resource_id: int) -> int:
    """(Re)index one resource; returns its passage count."""
    return indexing.index_resource(resource_id)


@task()
def remove_resource_task(resource_id: int) -> None:
    """Take one resource out of the index."""
    indexing.remove_resource(resource_id)


def schedule_index(resource_id: int) -> None:
    """Queue the (re)indexing of a resource (runs at once with the immediate backend)."""
    index_resource_task.enqueue(resource_id)
