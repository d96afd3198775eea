"""HTTP API of the taxonomy app (mounted under /api/v1/)."""

from ninja import Router

router = Router(tags=["taxonomy"])
