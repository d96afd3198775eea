"""Data and invariants of the assistance app."""

from django.db import models  # noqa: F401
