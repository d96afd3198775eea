"""A classifier for tests that need known proposals (settings.TEXT_CLASSIFIER): a submission's
paragraphs get the keyword stand-in of factories.fake_classify; one text at a time goes to the
product's classifier (hash-embedded in tests)."""

from __future__ import annotations

from minamata_kb.submissions.tests.factories import fake_classify as classify_paragraphs
from minamata_kb.textanalysis.service import classify_text, label_profile

__all__ = ["classify_paragraphs", "classify_text", "label_profile"]
