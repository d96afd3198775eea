"""HTTP API of the search app (mounted under /api/v1/)."""

from ninja import Router

router = Router(tags=["search"])
