"""Activities, events and the work programme (PRODUCT.md C8).

For other apps (e.g. duplicate detection in `matching`): an `Activity` has a stable `code`, one
provider (`provider_party` or `provider_organisation`, see `.provider`), `beneficiary_countries`
(M2M Country), `topics` (M2M Topic), `articles`, `channel`, `start_date`/`end_date` and
`status`. Write through `services.save_activity(actor, data)` only: it validates, checks who may
record for that provider, and writes one audit record. Outputs name library resources by
external id (`ActivityOutput.resource_ref`) and resolve late (`.resource`).
"""
