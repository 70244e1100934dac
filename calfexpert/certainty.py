"""Certainty arithmetic (EMYCIN certainty factors).

Each rule contributes a certainty factor in [-1, 1] to a condition.  Positive
factors combine into a measure of belief ``MB`` and negative ones into a
measure of disbelief ``MD``, each with ``x + y(1 - x)``; the certainty is
``(MB - MD) / (1 - min(MB, MD))``.  Keeping MB and MD apart makes the result
independent of the order in which evidence arrives (plain MYCIN's mixed-sign
combination is not associative).  The certainty is rounded to 4 decimals so
that the same evidence always gives byte-identical output.
"""

from __future__ import annotations


def combine(mb: float, md: float, cf: float) -> tuple[float, float, float]:
    """Add one certainty factor ``cf`` to ``(mb, md)``; return the new ``(mb, md, cf)``."""
    mb, md = add(mb, md, cf)
    return mb, md, certainty(mb, md)


def add(mb: float, md: float, cf: float) -> tuple[float, float]:
    """:func:`combine` without the net certainty: the new ``(mb, md)`` (for a caller that adds several factors
    before it needs the certainty)."""
    if not -1.0 <= cf <= 1.0:
        raise ValueError(f"certainty factor {cf} is outside [-1, 1]")
    if cf >= 0:
        return mb + cf * (1.0 - mb), md
    return mb, md + (-cf) * (1.0 - md)


DECIMALS = 4
"""The certainty is rounded to this many decimals."""

SLACK = 10.0 ** -DECIMALS
"""More than rounding ever moves a certainty (at most half a unit of the last decimal): an unrounded certainty
further than this from a bound is on the same side of it as the rounded one."""


def certainty(mb: float, md: float) -> float:
    """The net certainty of a measure of belief and of disbelief."""
    return round(unrounded(mb, md), DECIMALS)


def unrounded(mb: float, md: float) -> float:
    """:func:`certainty` before rounding (rounding to decimals costs more than the rest; see :data:`SLACK`)."""
    denominator = 1.0 - min(mb, md)
    if denominator <= 0:
        return 0.0
    return (mb - md) / denominator
