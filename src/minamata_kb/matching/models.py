"""Data and invariants of the matching app."""

from django.db import models  # noqa: F401
