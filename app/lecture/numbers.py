"""Numbers as the lecture panels print them: a few significant digits, a real minus sign (−) and
powers of ten as ×10⁻⁵ rather than e-05, so a projector shows them the way a blackboard would.

The text parses back (see tests/web/test_numbers.py): replace "−" by "-" and "×10ⁿ" by "en".
"""

from __future__ import annotations

import math

DIGITS = 4  # significant digits shown by default: enough to check a product by hand
MOST_DIGITS = 12  # never more than this, even to tell two numbers apart
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def significant(value: float, digits: int = DIGITS) -> str:
    """Return value with `digits` significant digits: "0.5123", "−12.35", "1.235×10⁻⁵", "0".

    Trailing zeros are dropped; numbers below 10⁻⁴ or from 10^digits up take a power of ten.
    Not-a-number is "NaN" and infinities "∞" / "−∞".
    """
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    if value == 0:
        return "0"
    text = f"{value:.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        power = str(int(exponent)).translate(_SUPERSCRIPT)
        text = f"{mantissa}×10{power}"
    return text.replace("-", "−")


def signed(value: float, digits: int = DIGITS) -> str:
    """Return value as significant() does, with "+" in front of a positive number (a change)."""
    text = significant(value, digits)
    return f"+{text}" if value > 0 and math.isfinite(value) else text


def factor(value: float, digits: int = DIGITS) -> str:
    """Return value ready to multiply in a formula: negative numbers in brackets, "(−0.5)"."""
    text = significant(value, digits)
    return f"({text})" if text.startswith("−") else text


def distinct_digits(a: float, b: float, digits: int = DIGITS) -> int:
    """Return the fewest significant digits (≥ digits, ≤ MOST_DIGITS) that show a ≠ b apart."""
    while digits < MOST_DIGITS and a != b and significant(a, digits) == significant(b, digits):
        digits += 1
    return digits
