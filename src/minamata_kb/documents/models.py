"""Data and invariants of the documents app."""

from django.db import models  # noqa: F401
