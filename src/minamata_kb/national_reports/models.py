"""Data and invariants of the national_reports app."""

from django.db import models  # noqa: F401
