"""What the submissions app tells the apps above it, without knowing them."""

from __future__ import annotations

from django.dispatch import Signal

# A submission was withdrawn (kept, no longer counted), inside the withdrawal's transaction.
# Arguments: submission (the Submission, status already "withdrawn"). A receiver that drew
# records from its statements (matching's needs) retracts them.
submission_withdrawn = Signal()

# A submission was replaced by a new version (kept, no longer current), inside the new
# version's transaction. Arguments: submission (the replaced one, is_current already False),
# by (the new version).
submission_replaced = Signal()
