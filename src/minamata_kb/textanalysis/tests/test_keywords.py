"""Keywords of the convention profile found in a text, whatever its grammar."""

from __future__ import annotations

from minamata_kb.textanalysis.classifier_text import keyword_hits


def test_an_arabic_keyword_written_definite_matches_the_indefinite_word() -> None:
    """The profile writes Arabic keywords with the article ("الجرد", "الانبعاثات"); a text
    says "جرد وطني لانبعاثات الزئبق" (an inventory, of emissions). Only the definite forms
    matched, so a Tunisian submission's "received World Bank support for a national inventory
    of mercury emissions" had no topic and was dropped (no statement proposed)."""
    text = "تلقت تونس دعما من البنك الدولي لإعداد جرد وطني لانبعاثات الزئبق."
    assert keyword_hits(text, ["الجرد"]) == 1
    assert keyword_hits(text, ["الانبعاثات"]) == 1
    assert keyword_hits("قائمة الجرد والتقييم", ["الجرد"]) == 1  # the definite form still
    assert keyword_hits("والجرد", ["الجرد"]) == 1 and keyword_hits("للجرد", ["الجرد"]) == 1
    assert keyword_hits("مخزون الزئبق", ["الجرد"]) == 0
