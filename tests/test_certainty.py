"""Certainty arithmetic: EMYCIN combination is independent of the order the evidence arrives in."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from calfexpert.certainty import certainty, combine

FACTORS = st.lists(st.floats(-1, 1, allow_nan=False), max_size=8)


def _total(cfs: list[float]) -> float:
    mb = md = total = 0.0
    for cf in cfs:
        mb, md, total = combine(mb, md, cf)
    return total


@given(FACTORS, st.randoms(use_true_random=False))
def test_order_does_not_matter(cfs, rnd) -> None:
    shuffled = list(cfs)
    rnd.shuffle(shuffled)
    assert abs(_total(cfs) - _total(shuffled)) <= 1e-4


@given(FACTORS)
def test_result_stays_in_range_and_signs_behave(cfs) -> None:
    total = _total(cfs)
    assert -1.0 <= total <= 1.0
    if cfs and all(cf >= 0 for cf in cfs):
        assert total >= 0
    if cfs and all(cf <= 0 for cf in cfs):
        assert total <= 0


def test_known_values() -> None:
    assert _total([0.6, 0.5]) == 0.8
    assert _total([0.6, -0.3]) == certainty(0.6, 0.3) == round(0.3 / 0.7, 4)
    assert _total([-0.95]) == -0.95
