"""HTTP API of the national_reports app (mounted under /api/v1/)."""

from ninja import Router

router = Router(tags=["national_reports"])
