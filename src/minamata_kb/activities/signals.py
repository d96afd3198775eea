"""What the activities app tells the apps above it, without knowing them."""

from __future__ import annotations

from django.dispatch import Signal

# An activity was imported (IATI) and saved. Arguments: activity_id (int). A receiver that checks
# for duplicated effort (matching) returns the pairs it flagged as [(other activity's code,
# similarity)]; the import report lists them.
activity_imported = Signal()
