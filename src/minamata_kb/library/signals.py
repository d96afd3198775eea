"""What the library tells the apps above it (search keeps its index by them; the library does
not know who listens). Sent by library/services.py and library/tasks.py."""

from __future__ import annotations

from django.dispatch import Signal

# A resource's text or metadata changed (saved, published, a file read): re-index it.
# Arguments: resource_id (int). Sent after the change is written.
resource_changed = Signal()

# A resource is being deleted through the services: take it out of the index now, in the same
# transaction. Arguments: resource_id (int). Sent before the row goes.
resource_deleting = Signal()
