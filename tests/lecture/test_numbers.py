"""Tests for app.lecture.numbers: significant digits, a real minus, powers of ten that parse."""

from __future__ import annotations

import math

import pytest

from app.lecture.numbers import distinct_digits, factor, signed, significant


def parse(text: str) -> float:
    """Return the number a panel shows ("−1.235×10⁻⁵" -> -1.235e-05)."""
    plain = text.replace("−", "-").replace("⁻", "-").lstrip("+").strip("()")
    if "×10" in plain:
        mantissa, power = plain.split("×10")
        digits = power.translate(str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789"))
        return float(f"{mantissa}e{digits}")
    return float(plain)


@pytest.mark.parametrize(("value", "text"), [
    (0.5123456, "0.5123"), (-12.3456, "−12.35"), (0.0, "0"), (1.0, "1"),
    (-0.000012345, "−1.234×10⁻⁵"),
    (123456.0, "1.235×10⁵"), (0.0012345, "0.001234"), (float("nan"), "NaN"), (-math.inf, "−∞")])
def test_significant_keeps_four_digits_with_a_real_minus_sign(value: float, text: str) -> None:
    assert significant(value) == text


@pytest.mark.parametrize("value", [0.5123456, -12.3456, -0.000012345, 123456.0, 7e-300, -1.5e20])
def test_every_shown_number_parses_back_to_within_its_last_digit(value: float) -> None:
    for digits in (3, 4, 6):
        shown = parse(significant(value, digits))
        assert math.isclose(shown, value, rel_tol=0.5 * 10 ** (1 - digits))


def test_changes_carry_a_plus_and_factors_bracket_negative_numbers() -> None:
    assert signed(0.25) == "+0.25" and signed(-0.25) == "−0.25" and signed(0.0) == "0"
    assert factor(-0.5) == "(−0.5)" and factor(0.5) == "0.5"


def test_distinct_digits_adds_digits_until_two_close_numbers_differ() -> None:
    assert distinct_digits(0.48182, 0.48183) == 5
    assert significant(0.481821, distinct_digits(0.481821, 0.481820)) == "0.481821"
    assert distinct_digits(1.0, 1.0) == 4  # equal numbers never need more
    assert distinct_digits(1.0, 1.0 + 1e-15) == 12  # bounded
