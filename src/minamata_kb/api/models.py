"""Data and invariants of the api app."""

from django.db import models  # noqa: F401
