"""ISO 4217 alphabetic currency codes, for validating amounts (from pycountry, not a hand list)."""

from __future__ import annotations

from minamata_kb.registry.iso import currency_codes

# In ISO 4217 but never the currency of an amount: the testing code and "no currency".
NOT_FOR_AMOUNTS = frozenset({"XTS", "XXX"})


def is_currency(code: str) -> bool:
    """Whether `code` is a current ISO 4217 alphabetic code (upper case).

    Codes ISO has withdrawn (e.g. SLL, replaced by SLE) are refused: record the amount in the
    current currency.
    """
    return code in currency_codes() and code not in NOT_FOR_AMOUNTS
