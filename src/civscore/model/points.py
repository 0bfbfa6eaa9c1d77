"""Exact point arithmetic.

Points are :class:`decimal.Decimal` values, never binary floats.  All
arithmetic on points is exact (additions, subtractions and multiplication by
integer counts); the only inexact step is rescaling (按比例折算), which is done
in a local context with 28 significant digits and then rounded by the rubric's
declared rule at the very end.
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Final

__all__ = [
    "ONE",
    "ROUNDING_MODES",
    "ZERO",
    "divide",
    "multiply",
    "places_of",
    "quantize",
    "take_within",
    "to_text",
]

ZERO: Final = Decimal(0)
ONE: Final = Decimal(1)

#: Rounding modes a rubric may declare, by their file-format names.
#: ``half-up`` is 四舍五入, the usual Chinese practice.
ROUNDING_MODES: Final[dict[str, str]] = {
    "half-up": decimal.ROUND_HALF_UP,
    "half-even": decimal.ROUND_HALF_EVEN,
    "down": decimal.ROUND_DOWN,
    "up": decimal.ROUND_UP,
}

_CONTEXT: Final = decimal.Context(prec=28, rounding=decimal.ROUND_HALF_EVEN, traps=[
    decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow,
])


def places_of(value: Decimal) -> int:
    """Number of decimal places ``value`` needs (``Decimal("0.25")`` → 2,
    ``Decimal("1.50")`` → 1), worked out from its digits, so exactly
    whatever its length and the current decimal context."""
    _sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    if exponent >= 0 or not any(digits):
        return 0
    zeros = 0
    for digit in reversed(digits):
        if digit or zeros >= -exponent:
            break
        zeros += 1
    return -exponent - zeros


def quantize(value: Decimal, places: int, mode: str = "half-up") -> Decimal:
    """Round ``value`` to ``places`` decimal places by ``mode`` (a key of
    :data:`ROUNDING_MODES`)."""
    quantum = _QUANTA.get(places)
    if quantum is None:
        quantum = _QUANTA.setdefault(places, ONE.scaleb(-places))
    return value.quantize(quantum, rounding=ROUNDING_MODES[mode])


#: ``10 ** -places`` by ``places`` (the quantum :func:`quantize` rounds to)
_QUANTA: dict[int, Decimal] = {}


def divide(numerator: Decimal, denominator: Decimal) -> Decimal:
    """``numerator / denominator`` to 28 significant digits (used only to rescale)."""
    return _CONTEXT.divide(numerator, denominator)


def multiply(a: Decimal, b: Decimal) -> Decimal:
    """``a * b`` to 28 significant digits (exact for the sizes that occur)."""
    return _CONTEXT.multiply(a, b)


def take_within(amount: Decimal, cap: Decimal | None, key: str,
                used: dict[str, Decimal]) -> tuple[Decimal, Decimal]:
    """Limit ``amount`` so that everything taken under ``key`` stays within
    ``cap`` (``None``: no cap), e.g. a rule's ``最多扣1.5分`` over all its hits.

    ``used`` accumulates what was taken per key and is updated.
    :return: (amount taken, amount discarded by the cap).
    """
    discarded = ZERO
    if cap is not None:
        room = max(ZERO, cap - used.get(key, ZERO))
        if amount > room:
            discarded, amount = amount - room, room
    used[key] = used.get(key, ZERO) + amount
    return amount, discarded


def to_text(value: Decimal) -> str:
    """Canonical text of a point value: no exponent, no trailing zeros
    (``Decimal("15.50")`` → ``"15.5"``, ``Decimal("1E+1")`` → ``"10"``)."""
    text = format(value.normalize(_TEXT_CONTEXT), "f")
    return "0" if text in {"-0", "0"} else text


#: Normalising in this context never rounds, whatever the caller's context is.
_TEXT_CONTEXT: Final = decimal.Context(prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX,
                                       Emin=decimal.MIN_EMIN)
