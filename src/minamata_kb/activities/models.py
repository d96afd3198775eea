"""Data and invariants of the activities app."""

from django.db import models  # noqa: F401
