"""The test budget CI gives each Python (CALFEXPERT_TEST_BUDGET): a default size and per-module overrides."""

from __future__ import annotations

import pytest
from conftest import _parse_budget


def test_a_plain_budget_has_no_overrides() -> None:
    assert _parse_budget("full") == (True, {})
    assert _parse_budget("small") == (False, {})


def test_overrides_give_named_modules_the_other_size() -> None:
    assert _parse_budget("small;full=test_matcher") == (False, {"test_matcher": True})
    assert _parse_budget("full;small=test_matcher, test_dask") == (True, {"test_matcher": False, "test_dask": False})


@pytest.mark.parametrize("text", ["medium", "", "small;full", "small;huge=test_matcher", "small;full="])
def test_a_misspelt_budget_stops_the_run(text: str) -> None:
    with pytest.raises(pytest.UsageError):
        _parse_budget(text)
