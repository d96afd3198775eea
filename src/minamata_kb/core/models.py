"""Data and invariants of the core app."""

from django.db import models  # noqa: F401
