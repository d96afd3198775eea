"""Data and invariants of the submissions app."""

from django.db import models  # noqa: F401
