"""HTTP API of the library app (mounted under /api/v1/)."""

from ninja import Router

router = Router(tags=["library"])
